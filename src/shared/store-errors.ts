// What a store answers when it cannot do as asked, whatever the backend: every adapter throws these, and the HTTP
// layer and the handlers tell them apart without knowing which store is behind the port.

/** How long a client should wait before retrying a store that cannot answer now. */
export const RETRY_AFTER_SECONDS = 1

/** The store cannot be reached, timed out or is throttling: the client may retry later. */
export class StoreUnavailableError extends Error {
  constructor (readonly retryAfterSeconds: number, options?: ErrorOptions) {
    super('The store is unavailable', options)
    this.name = 'StoreUnavailableError'
  }
}

/** A list cursor that this service did not issue, or that was altered. */
export class InvalidCursorError extends Error {
  constructor () {
    super('cursor is not one this service issued')
    this.name = 'InvalidCursorError'
  }
}

/** The record exists, but its version is not one the write's condition allows: nothing was written. */
export class VersionMismatchError extends Error {
  constructor () {
    super('the stored version is not one the condition allows')
    this.name = 'VersionMismatchError'
  }
}

/** An Idempotency-Key already used with a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor () {
    super('the idempotency key was used with a different request')
    this.name = 'IdempotencyKeyReusedError'
  }
}
