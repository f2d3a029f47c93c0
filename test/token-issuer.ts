// A token issuer made in the test: an RS256 key pair, its JWKS served on loopback, and tokens signed with it. The key
// set's endpoint counts its requests and can be made to fail, to show what the service does when the issuer does.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose'

type Test = { teardown: (fn: () => unknown) => void }

export const ISSUER = 'https://issuer.example.com/'
export const AUDIENCE = 'items-api'

/** What the key set's endpoint answers: the keys, a 500, a body that is not JSON, JSON that is not a key set, or nothing. */
export type KeySetAnswer = 'keys' | 'error' | 'not json' | 'not a key set' | 'hang'

export interface SignOptions {
  key?: CryptoKey
  /** When it expires (jose's setExpirationTime); null: no `exp` at all. */
  expiresIn?: string | number | null
  /** Its `iat`, in epoch seconds; now when not given. */
  issuedAt?: number
  kid?: string
}

export interface Issuer {
  jwksUrl: string
  /** A token from ISSUER for AUDIENCE, valid for 5 minutes; claims and options change what makes it wrong. */
  sign: (claims?: JWTPayload, options?: SignOptions) => Promise<string>
  /** How many requests the key set's endpoint has had. */
  fetches: () => number
  /** What the key set's endpoint answers from now on. */
  answer: (answer: KeySetAnswer) => void
}

/** Starts the issuer's JWKS endpoint for the length of the test. */
export async function issuer (t: Test): Promise<Issuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const jwk = { ...await exportJWK(publicKey), kid: 'test-key', alg: 'RS256', use: 'sig' }
  let fetches = 0
  let answer: KeySetAnswer = 'keys'
  const server = createServer((_request, response) => {
    fetches++
    if (answer === 'hang') return
    if (answer === 'error') return response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}')
    const body = answer === 'not json' ? '<html>Service Unavailable</html>' : JSON.stringify(answer === 'not a key set' ? {} : { keys: [jwk] })
    response.writeHead(200, { 'content-type': 'application/json' }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => {
    server.closeAllConnections()
    server.close(resolve)
  }))
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    sign: async (claims = {}, options = {}) => {
      const jwt = new SignJWT({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'test-key' })
        .setIssuedAt(options.issuedAt)
      if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? '5m')
      return await jwt.sign(options.key ?? privateKey)
    },
    fetches: () => fetches,
    answer: (next) => { answer = next }
  }
}

/** The environment that turns authentication on against this issuer. */
export function authEnv (tokens: Issuer): Record<string, string> {
  return { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS_URL: tokens.jwksUrl }
}
