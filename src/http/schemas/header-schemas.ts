// The request headers several resources' operations take, in neutral words: If-Match and Idempotency-Key.
import { Type } from 'typebox'

/** If-Match on a change or delete of an existing resource (src/http/preconditions.ts reads it). */
export const ConditionalHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({
    description: 'Apply only if the resource\'s ETag is one of these (e.g. `"3"`), else 412 PRECONDITION_FAILED; `*` for any ' +
      'existing one. At most 100 different entity tags (more is a 400).',
    examples: ['"1"']
  }))
})

/** Idempotency-Key on a create (src/http/idempotency.ts). */
export const IdempotentCreateHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^[\\x21-\\x7e]+$',
    // No example: Swagger UI would fill it in on every "Try it out", and each create after the first would answer the
    // first one's item.
    description: 'Makes the create safe to retry: a repeat with the same key and body within 24 h answers the original ' +
      '201 (the same resource) and creates nothing; the same key with another body is a 409 CONFLICT. Visible ASCII, at most ' +
      '255, such as a UUID the client makes for this one create.'
  }))
})
