// The bearer token check: jose's jwtVerify against the issuer's key set, which this module fetches, keeps, and after a
// failed fetch does not ask for again until a short wait is over. Imported only when authentication is on, with jose.
import { createLocalJWKSet, errors, jwtVerify, type CryptoKey, type FlattenedJWSInput, type JSONWebKeySet, type JWSHeaderParameters } from 'jose'
import type { AuthConfig } from '../../config.ts'

// Asymmetric algorithms only: an HMAC or `none` token cannot be verified against a public key set.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']
/** The clock difference allowed between the issuer and this service, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 5

export interface KeySetTimings {
  /** How long one fetch of the key set may take. */
  timeoutMs: number
  /** How long a fetched key set is used before it is fetched again. */
  maxAgeMs: number
  /** How soon after a fetch a token with an unknown `kid` may make it fetch again (the issuer may have added a key). */
  cooldownMs: number
  /** After a failed fetch, how long no other is tried: requests meanwhile are told to retry when it is over. */
  backoffMs: number
}

export const KEY_SET_TIMINGS: KeySetTimings = { timeoutMs: 2_000, maxAgeMs: 10 * 60_000, cooldownMs: 30_000, backoffMs: 5_000 }

/** The issuer's key set cannot be had now: it could not be fetched, read or used; the client may retry after a while. */
export class KeysUnavailable extends Error {
  constructor (readonly retryAfterMs: number, options?: ErrorOptions) {
    super('The token issuer\'s key set is not available', options)
    this.name = 'KeysUnavailable'
  }
}

type KeySet = ReturnType<typeof createLocalJWKSet>

/** The issuer's key set, fetched on first use and kept `maxAgeMs`; every failure to get it is a KeysUnavailable. */
export class IssuerKeys {
  private keys: KeySet | undefined
  private fetchedAt = 0
  private retryAt = 0
  private fetching: Promise<KeySet> | undefined

  constructor (private readonly url: string, private readonly timings: KeySetTimings = KEY_SET_TIMINGS, private readonly now: () => number = Date.now) {}

  /** The key that verifies a token with this header (jose's key resolver). */
  readonly key = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> => {
    const keys = this.keys === undefined || this.now() - this.fetchedAt >= this.timings.maxAgeMs ? await this.refresh() : this.keys
    try {
      return await keys(header, token)
    } catch (error) {
      // An unknown kid may be a key the issuer has just added: look again, though not more often than the cooldown.
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.now() - this.fetchedAt < this.timings.cooldownMs) throw error
      return await (await this.refresh())(header, token)
    }
  }

  private async refresh (): Promise<KeySet> {
    const wait = this.retryAt - this.now()
    if (wait > 0) throw new KeysUnavailable(wait)
    // Requests that arrive while the set is being fetched wait for the same fetch.
    this.fetching ??= this.fetch().finally(() => { this.fetching = undefined })
    return await this.fetching
  }

  private async fetch (): Promise<KeySet> {
    try {
      const response = await fetch(this.url, {
        signal: AbortSignal.timeout(this.timings.timeoutMs),
        redirect: 'manual',
        headers: { accept: 'application/json, application/jwk-set+json' }
      })
      if (response.status !== 200) {
        await response.body?.cancel()
        throw new Error(`The key set answered ${response.status}`)
      }
      // JSON that is not a key set is refused here (JWKSInvalid), not at each token.
      const keys = createLocalJWKSet(await response.json() as JSONWebKeySet)
      this.keys = keys
      this.fetchedAt = this.now()
      return keys
    } catch (error) {
      this.retryAt = this.now() + this.timings.backoffMs
      throw new KeysUnavailable(this.timings.backoffMs, { cause: error })
    }
  }
}

/** What a token check found: the token is valid, or not, or the issuer's keys are to blame (a 503, not a 401). */
export type TokenCheck = 'valid' | 'invalid' | KeysUnavailable

/**
 * Checks a bearer token. Invalid: a wrong signature, an unknown kid, an algorithm or issuer or audience not ours, no
 * `exp` or one in the past, an `iat` in the future.
 */
export function tokenVerifier (auth: AuthConfig, keys = new IssuerKeys(auth.jwksUrl)): (token: string) => Promise<TokenCheck> {
  const options = { issuer: auth.issuer, audience: auth.audience, algorithms: ALGORITHMS, clockTolerance: CLOCK_TOLERANCE_SECONDS, requiredClaims: ['exp'] }
  return async (token) => {
    let issuedAt: number | undefined
    try {
      issuedAt = (await jwtVerify(token, keys.key, options)).payload.iat
    } catch (error) {
      if (error instanceof KeysUnavailable) return error
      // A member of the set that is not a usable public key: the issuer's fault, not the client's.
      if (error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) return new KeysUnavailable(1_000, { cause: error })
      return 'invalid'
    }
    // jose checks `iat` only against a maximum age, which is not set: a token from the future is refused here.
    return issuedAt === undefined || issuedAt <= Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS ? 'valid' : 'invalid'
  }
}
