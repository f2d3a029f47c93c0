// Sorts DynamoDB and S3 client failures into "try again later" (503) and everything else (a fault of ours).
import { RETRY_AFTER_SECONDS, StoreUnavailableError } from '../../shared/store-errors.ts'

// Errors that mean the store is throttling, overloaded, missing or out of reach, not that the request was wrong.
const UNAVAILABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded',
  'LimitExceededException', 'InternalServerError', 'ServiceUnavailable', 'ResourceNotFoundException',
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'SlowDown'
])
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH'])

function isUnavailable (error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const { code, $metadata } = error as Error & { code?: string, $metadata?: { httpStatusCode?: number } }
  return UNAVAILABLE_NAMES.has(error.name) ||
    (code !== undefined && NETWORK_CODES.has(code)) ||
    ($metadata?.httpStatusCode ?? 0) >= 500
}

/** Rethrows a client failure: unavailability as StoreUnavailableError, anything else (a failed condition included) unchanged. */
export function rethrowAsStoreError (error: unknown): never {
  if (isUnavailable(error)) {
    throw new StoreUnavailableError(RETRY_AFTER_SECONDS, { cause: error })
  }
  throw error
}
