// A token issuer made in the test: an RS256 key pair, its JWKS served on loopback, and tokens signed with it.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose'

type Test = { teardown: (fn: () => unknown) => void }

export const ISSUER = 'https://issuer.example.com/'
export const AUDIENCE = 'items-api'

export interface Issuer {
  jwksUrl: string
  /** A token from ISSUER for AUDIENCE, valid for 5 minutes; claims and options change what makes it wrong. */
  sign: (claims?: JWTPayload, options?: { key?: CryptoKey, expiresIn?: string | number, kid?: string }) => Promise<string>
}

/** Starts the issuer's JWKS endpoint for the length of the test. */
export async function issuer (t: Test): Promise<Issuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const jwk = { ...await exportJWK(publicKey), kid: 'test-key', alg: 'RS256', use: 'sig' }
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    sign: async (claims = {}, options = {}) => await new SignJWT({ sub: 'user-1', iss: ISSUER, aud: AUDIENCE, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'test-key' })
      .setIssuedAt().setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? privateKey)
  }
}

/** The environment that turns authentication on against this issuer. */
export function authEnv (tokens: Issuer): Record<string, string> {
  return { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS_URL: tokens.jwksUrl }
}
