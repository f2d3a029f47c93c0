// Idempotent creates over HTTP: the Idempotency-Key header and what a reused key answers.
import { Type } from 'typebox'
import { ApiError } from '../../errors.ts'
import { IdempotencyKeyReusedError } from '../../store/item-store.ts'

export const IdempotentCreateHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[\\x21-\\x7e]+$',
    description: 'Makes the create safe to retry: a repeat with the same key and body within 24 h answers the original ' +
      '201 (same item) and creates nothing; the same key with another body is a 409 CONFLICT. Visible ASCII, at most 255.',
    examples: ['7c4a8d09-ca37-4f1e-9d3a-2b1e6f0c5a11']
  }))
})

/** The store's refusal of a reused key, as the contract's 409. */
export function rethrowReusedKeyAs409 (error: unknown): never {
  throw error instanceof IdempotencyKeyReusedError
    ? new ApiError(409, 'CONFLICT', 'This Idempotency-Key was already used with a different request')
    : error
}
