// The OpenAPI document's response examples: each a response the service gives for that operation and status, made
// by the same code that answers it where there is such code (test/http/openapi/conformance.test.ts replays each one).
import { ApiError, itemNotFound, orderNotFound, reportNotFound, serviceUnavailable } from '../api-errors.ts'
import type { Order } from '../../orders/order.ts'
import { invalidOrderState, ORDER_MESSAGES, SEARCH_UNAVAILABLE } from '../routes/orders/order-messages.ts'
import { EXAMPLE_CUSTOMER_ID, EXAMPLE_ORDER_ID } from '../schemas/order-schemas.ts'
import { TOKEN_REQUIRED, unauthorized } from '../plugins/bearer-auth.ts'
import { noRoute, toApiError } from '../plugins/error-handler.ts'
import { methodNotAllowedError } from '../plugins/method-not-allowed.ts'
import { rethrowReusedKeyAs409 } from '../idempotency.ts'
import { IMAGES_UNAVAILABLE, ITEM_MESSAGES } from '../routes/items/item-messages.ts'
import { notACalendarDay, REPORTS_UNAVAILABLE } from '../routes/reports/report-messages.ts'
import type { DailyReportJson } from '../schemas/report-schemas.ts'
import { rethrowMismatchAs412 } from '../preconditions.ts'
import type { ErrorResponse } from '../schemas/envelope-schemas.ts'
import { EXAMPLE_ID, type ItemJson } from '../schemas/item-schemas.ts'
import { IdempotencyKeyReusedError, StoreUnavailableError, VersionMismatchError } from '../../shared/store-errors.ts'
import { RETRY_AFTER_SECONDS } from '../../shared/store-errors.ts'

export const EXAMPLE_REQUEST_ID = '3f1c2a9e-5b7d-4e8f-9a6b-1c2d3e4f5a6b'

export const EXAMPLE_ITEM: ItemJson = {
  id: EXAMPLE_ID,
  name: 'Laptop',
  description: 'High-performance development laptop',
  price: 1299.99,
  created_at: 1704844800000,
  updated_at: 1704844800000,
  version: 1,
  image: null,
  upload: null
}

const EXAMPLE_UPLOAD_KEY = `uploads/${EXAMPLE_ID}/0b6a3c6e-3f1e-4d5c-9a7b-2e4f6a8c0d1e.jpg`
const EXAMPLE_IMAGES_BUCKET = 'items-api-dev-images-123456789012-us-east-1'

const EXAMPLE_UPLOAD = {
  upload: {
    method: 'POST' as const,
    url: `https://${EXAMPLE_IMAGES_BUCKET}.s3.us-east-1.amazonaws.com/`,
    fields: {
      'Content-Type': 'image/jpeg',
      bucket: EXAMPLE_IMAGES_BUCKET,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'ASIAEXAMPLE/20240110/us-east-1/s3/aws4_request',
      'X-Amz-Date': '20240110T090000Z',
      'X-Amz-Security-Token': 'IQoJb3JpZ2luX2VjEXAMPLE',
      key: EXAMPLE_UPLOAD_KEY,
      Policy: 'eyJleHBpcmF0aW9uIjoiMjAyNC0wMS0xMFQwOToxMDowMFoiLCJjb25kaXRpb25zIjpbXX0=',
      'X-Amz-Signature': '9b2f6c1d0e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
    },
    headers: {},
    expires_at: '2024-01-10T09:10:00.000Z'
  },
  key: EXAMPLE_UPLOAD_KEY
}

const EXAMPLE_REPORT: DailyReportJson = {
  date: '2024-01-10',
  totalOrders: 3,
  totalRevenue: 2639.98,
  averageOrderValue: 1319.99,
  ordersByStatus: { CREATED: 0, PAYMENT_PROCESSED: 0, CONFIRMED: 2, CANCELLED: 1 },
  generatedAt: '2024-01-11T02:00:01.318Z'
}

export const EXAMPLE_ORDER: Order = {
  order_id: EXAMPLE_ORDER_ID,
  customer_id: EXAMPLE_CUSTOMER_ID,
  items: ['SKU-LAPTOP-15', 'SKU-MOUSE-01'],
  total_amount: 1319.99,
  status: 'CREATED',
  created_at: '2024-01-10T09:00:00.000Z',
  updated_at: '2024-01-10T09:00:00.000Z',
  payment_processed_at: null,
  confirmation_sent_at: null,
  version: 1
}

const CONFIRMED_ORDER: Order = {
  ...EXAMPLE_ORDER,
  status: 'CONFIRMED',
  updated_at: '2024-01-10T09:00:01.250Z',
  payment_processed_at: '2024-01-10T09:00:00.800Z',
  confirmation_sent_at: '2024-01-10T09:00:01.250Z',
  version: 3
}

const CANCELLED_ORDER: Order = { ...EXAMPLE_ORDER, status: 'CANCELLED', updated_at: '2024-01-10T09:00:00.500Z', version: 2 }

const UPDATED_ITEM: ItemJson = { ...EXAMPLE_ITEM, name: 'Updated Laptop', price: 1199.99, updated_at: 1704848400000, version: 2 }

/** An error as the service answers it (src/http/plugins/error-handler.ts sendError). */
export function errorBody (error: ApiError): ErrorResponse {
  return {
    success: false,
    error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
    request_id: EXAMPLE_REQUEST_ID
  }
}

/** What a route's error translation turns a store error into. */
function translated (rethrow: (error: unknown) => never, storeError: Error): ApiError {
  try {
    rethrow(storeError)
  } catch (error) {
    return error as ApiError
  }
}

const invalid = (message: string, field: string, detail: string): ApiError =>
  new ApiError(400, 'VALIDATION_ERROR', message, { details: [{ field, message: detail }] })

/** Each operation's 400, for the request that test/http/openapi/conformance.test.ts sends to get it. */
const VALIDATION_ERRORS: Record<string, ApiError> = {
  createItem: invalid('Request body is invalid', 'price', 'must be > 0 (and at least 1e-130)'),
  listItems: invalid('Query string is invalid', 'limit', 'must be >= 1'),
  getItem: invalid('Path parameter is invalid', 'id', 'must match format "uuid"'),
  updateItem: invalid('Request body is invalid', 'body', 'must name at least one of the accepted properties'),
  deleteItem: invalid('Path parameter is invalid', 'id', 'must match format "uuid"'),
  createOrder: invalid('Request body is invalid', 'total_amount', 'must have at most two decimal places'),
  getOrder: invalid('Path parameter is invalid', 'order_id', 'must be an order id such as ORD-20240110-3f9a1c2b'),
  listCustomerOrders: invalid('Query string is invalid', 'status', 'must be equal to one of the allowed values'),
  cancelOrder: invalid('Path parameter is invalid', 'order_id', 'must be an order id such as ORD-20240110-3f9a1c2b'),
  deleteOrder: invalid('Path parameter is invalid', 'order_id', 'must be an order id such as ORD-20240110-3f9a1c2b'),
  searchOrders: invalid('Query string is invalid', 'status', 'must be equal to one of the allowed values'),
  requestItemImageUpload: invalid('Request body is invalid', 'content_type', 'must be equal to one of the allowed values'),
  getDailyReport: notACalendarDay()
}

const ORDER_OPERATIONS = new Set(['createOrder', 'getOrder', 'listCustomerOrders', 'cancelOrder', 'deleteOrder', 'searchOrders'])

/** The errors of order operations that differ from the items' by status, and those of single operations. */
const ORDER_ERRORS: Record<number, ApiError> = {
  404: orderNotFound(EXAMPLE_ORDER_ID),
  412: translated(rethrowMismatchAs412(EXAMPLE_ORDER_ID, 'Order'), new VersionMismatchError())
}
const OPERATION_ERRORS: Record<string, Record<number, ApiError>> = {
  cancelOrder: { 409: invalidOrderState(EXAMPLE_ORDER_ID, 'CONFIRMED') },
  searchOrders: { 503: serviceUnavailable(SEARCH_UNAVAILABLE, RETRY_AFTER_SECONDS) },
  requestItemImageUpload: { 503: serviceUnavailable(IMAGES_UNAVAILABLE, RETRY_AFTER_SECONDS) },
  getDailyReport: { 404: reportNotFound('2024-01-10'), 503: serviceUnavailable(REPORTS_UNAVAILABLE, RETRY_AFTER_SECONDS) }
}

/** The error of each status that is the same for every operation answering it. */
const ERRORS: Record<number, ApiError> = {
  401: unauthorized(TOKEN_REQUIRED),
  404: itemNotFound(EXAMPLE_ID),
  409: translated(rethrowReusedKeyAs409, new IdempotencyKeyReusedError()),
  412: translated(rethrowMismatchAs412(EXAMPLE_ID), new VersionMismatchError()),
  413: toApiError(Object.assign(new Error('body too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })),
  415: toApiError(Object.assign(new Error('unsupported media type'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })),
  500: toApiError(new Error('an unexpected fault')),
  503: toApiError(new StoreUnavailableError(RETRY_AFTER_SECONDS))
}

/** The errors no operation answers: a path without a route, and a known path asked with another method. */
export const NO_ROUTE = noRoute('GET', '/itemz')
export const METHOD_NOT_ALLOWED = methodNotAllowedError('PATCH', 'DELETE, GET, HEAD, PUT')

/** The error example of an operation's status, or undefined when the status is not an error this file knows. */
export function errorFor (operationId: string, status: number): ApiError | undefined {
  if (status === 400) return VALIDATION_ERRORS[operationId]
  return OPERATION_ERRORS[operationId]?.[status] ?? (ORDER_OPERATIONS.has(operationId) ? ORDER_ERRORS[status] : undefined) ?? ERRORS[status]
}

/** The success bodies, by operation. */
export const SUCCESS_EXAMPLES: Record<string, unknown> = {
  createItem: { success: true, data: EXAMPLE_ITEM, message: ITEM_MESSAGES.created },
  listItems: { success: true, data: [EXAMPLE_ITEM], count: 1, next_cursor: null },
  getItem: { success: true, data: EXAMPLE_ITEM },
  updateItem: { success: true, data: UPDATED_ITEM, message: ITEM_MESSAGES.updated },
  deleteItem: { success: true, message: ITEM_MESSAGES.deleted },
  createOrder: { success: true, data: EXAMPLE_ORDER, message: ORDER_MESSAGES.created },
  getOrder: { success: true, data: CONFIRMED_ORDER },
  listCustomerOrders: { success: true, data: [CONFIRMED_ORDER], count: 1, next_cursor: null },
  searchOrders: { success: true, data: [CONFIRMED_ORDER], count: 1, next_cursor: null },
  cancelOrder: { success: true, data: CANCELLED_ORDER, message: ORDER_MESSAGES.cancelled },
  requestItemImageUpload: { success: true, data: EXAMPLE_UPLOAD, message: ITEM_MESSAGES.imageUpload },
  getDailyReport: { success: true, data: EXAMPLE_REPORT }
}
