// Bearer JWTs, required by route: each route's `config.access` says who may call it once authentication is on.
// Off unless AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL are set; the OpenAPI document then declares the scheme.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthConfig } from '../../config.ts'
import { ApiError, serviceUnavailable } from '../api-errors.ts'

/**
 * Who may call a route while authentication is on (a route without one, such as /health, /metrics or the docs, is open):
 * - `public-read`: reads of the catalogue (items): open, unless AUTH_READS=true;
 * - `write`: every change: the token;
 * - `private`: reads of what is never public (orders, a customer's history, revenue): the token, whatever AUTH_READS says.
 */
export type Access = 'public-read' | 'write' | 'private'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route once authentication is on (bearer-auth.ts, Access). */
    access?: Access
  }
}

export const SECURITY_SCHEME = 'bearerAuth'
export const TOKEN_REQUIRED = 'A bearer token is required'

/** Whether a route of this access needs the token under this configuration. */
export function needsToken (access: Access | undefined, auth: AuthConfig | undefined): boolean {
  if (auth === undefined || access === undefined) return false
  return access !== 'public-read' || auth.reads
}

/**
 * The least of these accesses, for a route that shares a path with them (the 405 of the path's other methods): it
 * needs the token exactly when all of them do, so that it tells a caller without one nothing an open route does not.
 */
export function leastAccess (accesses: Array<Access | undefined>): Access | undefined {
  if (accesses.includes(undefined)) return undefined
  return accesses.includes('public-read') ? 'public-read' : 'private'
}

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
  // Loaded only when authentication is on: a deployment without it never compiles the token verifier (nor jose).
  const { KeysUnavailable, tokenVerifier } = await import('./token-verifier.ts')
  const verify = tokenVerifier(auth)

  app.addHook('onRoute', (route) => {
    if (needsToken(route.config?.access, auth)) route.schema = { ...route.schema, security: [{ [SECURITY_SCHEME]: [] }] }
  })

  app.addHook('onRequest', async (request) => {
    if (!needsToken(request.routeOptions.config.access, auth)) return
    const token = bearerToken(request.headers.authorization)
    if (token === undefined) throw unauthorized(TOKEN_REQUIRED)
    const check = await verify(token)
    if (check instanceof KeysUnavailable) {
      // Not the client's fault, and worth a retry once the wait before the next fetch is over.
      request.log.warn({ err: check }, 'the token issuer\'s keys could not be fetched')
      throw serviceUnavailable('Tokens cannot be verified right now', Math.max(1, Math.ceil(check.retryAfterMs / 1000)))
    }
    if (check === 'invalid') throw unauthorized('The bearer token is not valid', 'invalid_token')
  })
}, { name: 'bearer-auth', fastify: '5.x' })
