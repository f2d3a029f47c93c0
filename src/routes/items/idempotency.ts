// Idempotent creates over HTTP: the Idempotency-Key header and what a reused key answers.
import { ApiError } from '../../errors.ts'
import { IdempotencyKeyReusedError } from '../../store/item-store.ts'

/** The store's refusal of a reused key, as the contract's 409. */
export function rethrowReusedKeyAs409 (error: unknown): never {
  throw error instanceof IdempotencyKeyReusedError
    ? new ApiError(409, 'CONFLICT', 'This Idempotency-Key was already used with a different request')
    : error
}
