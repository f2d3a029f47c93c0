// Errors that carry their contract code, thrown by routes and plugins and shaped in one place.
import type { ErrorCode, ErrorDetail } from './schemas/envelope-schemas.ts'

export class ApiError extends Error {
  readonly statusCode: number
  readonly code: ErrorCode
  readonly details: ErrorDetail[] | undefined
  readonly headers: Record<string, string>

  constructor (statusCode: number, code: ErrorCode, message: string, options: { details?: ErrorDetail[], headers?: Record<string, string> } = {}) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
    this.details = options.details
    this.headers = options.headers ?? {}
  }
}

export function itemNotFound (id: string): ApiError {
  return new ApiError(404, 'ITEM_NOT_FOUND', `Item ${id} not found`)
}

export function reportNotFound (date: string): ApiError {
  return new ApiError(404, 'REPORT_NOT_FOUND', `No report for ${date} yet`)
}

export function orderNotFound (orderId: string): ApiError {
  return new ApiError(404, 'ORDER_NOT_FOUND', `Order ${orderId} not found`)
}

/** A dependency (the item store, the token issuer's keys) cannot answer now: the client may retry after a while. */
export function serviceUnavailable (message: string, retryAfterSeconds: number): ApiError {
  return new ApiError(503, 'SERVICE_UNAVAILABLE', message, { headers: { 'retry-after': String(retryAfterSeconds) } })
}
