// The error responses of a route, for its `response` schema: one entry per status it can answer.
import { ERROR_RESPONSES, type ErrorResponse, type ErrorStatus } from './envelope-schemas.ts'

export function errorResponses (...statuses: ErrorStatus[]): Record<ErrorStatus, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((status) => [status, ERROR_RESPONSES[status]])) as Record<ErrorStatus, typeof ErrorResponse>
}

/** errorResponses, with what some statuses mean for this resource in place of the items' wording. */
export function errorResponsesOf (meanings: Partial<Record<ErrorStatus, string>>) {
  return (...statuses: ErrorStatus[]): Record<ErrorStatus, typeof ErrorResponse> => Object.fromEntries(statuses.map((status) => {
    const meaning = meanings[status]
    return [status, meaning === undefined ? ERROR_RESPONSES[status] : described(ERROR_RESPONSES[status], meaning)]
  })) as Record<ErrorStatus, typeof ErrorResponse>
}

/** A success response's schema with what it means for this route, which the OpenAPI document shows as its description. */
export function described<Schema extends object> (schema: Schema, description: string): Schema {
  return { ...schema, description }
}
