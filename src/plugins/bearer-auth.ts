// Bearer JWTs for item writes (and reads with AUTH_READS=true), verified with jose against the issuer's JWKS.
// Off unless AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL are set; the OpenAPI document then declares the scheme.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthConfig } from '../config.ts'
import { ApiError, serviceUnavailable } from '../errors.ts'

export type Access = 'read' | 'write'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a route does with items: writes need a token when authentication is on, reads only with AUTH_READS. */
    access?: Access
  }
}

export const SECURITY_SCHEME = 'bearerAuth'
// Asymmetric algorithms only: an HMAC or `none` token cannot be verified against a public key set.
export const TOKEN_REQUIRED = 'A bearer token is required'
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']

/** The 401 a missing or invalid token answers, with its challenge. */
export function unauthorized (message: string, error?: string): ApiError {
  const challenge = error === undefined ? 'Bearer realm="items-api"' : `Bearer realm="items-api", error="${error}"`
  return new ApiError(401, 'UNAUTHORIZED', message, { headers: { 'www-authenticate': challenge } })
}

function bearerToken (authorization: string | undefined): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization ?? '')
  return match?.[1]
}

export const bearerAuth = fp(async function bearerAuth (app: FastifyInstance, { auth }: { auth: AuthConfig | undefined }) {
  if (auth === undefined) return
  // Loaded only when authentication is on: a deployment without it never compiles the token verifier.
  const { createRemoteJWKSet, errors, jwtVerify } = await import('jose')
  // Fetched on first use and cached; an unknown kid refetches, at most every 30 s.
  const keys = createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 2_000, cooldownDuration: 30_000 })
  const guarded = (access: Access | undefined): boolean => access === 'write' || (access === 'read' && auth.reads)

  app.addHook('onRoute', (route) => {
    if (guarded(route.config?.access)) route.schema = { ...route.schema, security: [{ [SECURITY_SCHEME]: [] }] }
  })

  app.addHook('onRequest', async (request) => {
    if (!guarded(request.routeOptions.config.access)) return
    const token = bearerToken(request.headers.authorization)
    if (token === undefined) throw unauthorized(TOKEN_REQUIRED)
    try {
      await jwtVerify(token, keys, { issuer: auth.issuer, audience: auth.audience, algorithms: ALGORITHMS, clockTolerance: 5 })
    } catch (error) {
      // The issuer's keys could not be fetched: not the client's fault, and worth a retry.
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
        request.log.warn({ err: error }, 'the token issuer\'s keys could not be fetched')
        throw serviceUnavailable('Tokens cannot be verified right now', 1)
      }
      throw unauthorized('The bearer token is not valid', 'invalid_token')
    }
  })
}, { name: 'bearer-auth', fastify: '5.x' })
