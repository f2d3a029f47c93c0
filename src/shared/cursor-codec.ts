// Opaque list cursors: a listing's position (DynamoDB's LastEvaluatedKey), signed with the service's secret and bound
// to the listing it came from, so that a client can neither forge one nor carry one over to another listing.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { InvalidCursorError } from './store-errors.ts'

const VERSION = 'c1'
// 128 bits of HMAC-SHA256: far beyond guessing, and a cursor stays short.
const MAC_BYTES = 16

export class CursorCodec {
  readonly #secret: Buffer

  /** `secret`: CURSOR_SECRET; without one, a random secret, so this process's cursors are valid in it alone. */
  constructor (secret?: string) {
    this.#secret = secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8')
  }

  /** A cursor for `position` in the listing named `scope` (`items`, `customer:CUST-1`, …). */
  encode (scope: string, position: string[]): string {
    const payload = Buffer.from(JSON.stringify(position)).toString('base64url')
    return `${VERSION}.${payload}.${this.#mac(scope, payload)}`
  }

  /**
   * The position a cursor holds, from a cursor this service signed for the listing `scope`. Anything else (made by
   * hand, altered, signed with another secret, from another listing) throws InvalidCursorError.
   */
  decode (scope: string, cursor: string): string[] {
    const [version, payload, mac, ...rest] = cursor.split('.')
    if (version !== VERSION || payload === undefined || mac === undefined || rest.length > 0) throw new InvalidCursorError()
    const expected = Buffer.from(this.#mac(scope, payload))
    const given = Buffer.from(mac)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError()
    // Signed by this service: the payload is what encode wrote.
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as string[]
  }

  #mac (scope: string, payload: string): string {
    return createHmac('sha256', this.#secret).update(`${VERSION}.${scope}.${payload}`).digest().subarray(0, MAC_BYTES).toString('base64url')
  }
}
