// Sorts Storage client failures into "the service cannot answer now" (StoreUnavailableError, the API's 503) and
// everything else, as the S3 adapter does with S3's.
import { RETRY_AFTER_SECONDS, StoreUnavailableError } from '../../shared/store-errors.ts'
import { STORAGE_LIMITS } from './storage-clients.ts'

// Failures in transit, as the SDK's HTTP client names them (its RestError keeps the socket's code).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'REQUEST_SEND_ERROR'])

/** Out of reach, timed out (a try, or the call's deadline), throttled (429, or 503 ServerBusy) or failing (5xx). */
export function isStorageUnavailable (error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const { code, statusCode } = error as Error & { code?: unknown, statusCode?: unknown }
  return error.name === 'AbortError' || error.name === 'TimeoutError' ||
    (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    (typeof statusCode === 'number' && (statusCode === 429 || statusCode >= 500))
}

/** Rethrows a client failure: unavailability as StoreUnavailableError, anything else unchanged. */
export function rethrowAsUnavailable (error: unknown): never {
  if (isStorageUnavailable(error)) throw new StoreUnavailableError(RETRY_AFTER_SECONDS, { cause: error })
  throw error
}

/** The signal that ends a call at STORAGE_LIMITS.deadlineMs. */
export const callDeadline = (): AbortSignal => AbortSignal.timeout(STORAGE_LIMITS.deadlineMs)
