// Turns Fastify/ajv validation failures into the contract's VALIDATION_ERROR with one detail per field.
import type { FastifyError, FastifySchemaValidationError } from 'fastify'
import { ApiError } from '../api-errors.ts'
import type { ErrorDetail } from '../schemas/envelope-schemas.ts'
import { SMALLEST_PRICE } from '../schemas/item-schemas.ts'
import { ORDER_ID_PATTERN } from '../../orders/order.ts'
import { SEARCH_WORDS_PATTERN } from '../../orders/order-search.ts'

const PRICE_RULE = 'must be > 0 (and at least 1e-130)'
const PATTERN_RULES: Record<string, string> = {
  '\\S': 'must not be blank',
  [ORDER_ID_PATTERN]: 'must be an order id such as ORD-20240110-3f9a1c2b',
  [SEARCH_WORDS_PATTERN]: 'must hold at least one letter or digit'
}

const WHAT_WAS_INVALID: Record<string, string> = {
  body: 'Request body is invalid',
  querystring: 'Query string is invalid',
  params: 'Path parameter is invalid',
  headers: 'Request headers are invalid'
}

function field (issue: FastifySchemaValidationError, context: string): string {
  const params = issue.params as Record<string, unknown>
  const path = issue.instancePath.split('/').filter(Boolean).join('.')
  const property = params.missingProperty ?? params.additionalProperty
  const name = [path, typeof property === 'string' ? property : ''].filter(Boolean).join('.')
  return name === '' ? context : name
}

function message (issue: FastifySchemaValidationError): string {
  switch (issue.keyword) {
    case 'required': return 'is required'
    case 'additionalProperties': return 'is not an accepted property'
    case 'minProperties': return 'must name at least one of the accepted properties'
    // The only minimum in the schemas is the price's: greater than 0, as far as DynamoDB can store.
    case 'minimum': return (issue.params as { limit?: number }).limit === SMALLEST_PRICE ? PRICE_RULE : issue.message ?? 'is invalid'
    // The patterns in the schemas: "not blank" on names and customer ids, the order id's shape, search words.
    case 'pattern': return PATTERN_RULES[(issue.params as { pattern: string }).pattern] ?? issue.message ?? 'is invalid'
    // The only multipleOf is money's 0.01.
    case 'multipleOf': return 'must have at most two decimal places'
    default: return issue.message ?? 'is invalid'
  }
}

export function validationError (error: FastifyError): ApiError {
  const context = error.validationContext ?? 'body'
  const details: ErrorDetail[] = (error.validation ?? []).map((issue) => ({
    field: field(issue, context),
    message: message(issue)
  }))
  return new ApiError(400, 'VALIDATION_ERROR', WHAT_WAS_INVALID[context] ?? 'Request is invalid', { details })
}
