// Security headers on every response, as helmet sets them. The API answers JSON, so its policy lets a response load,
// run or frame nothing; the two docs pages set their own, narrower than a browser's default but enough to work.
// JSON responses carry the headers that matter for an API (OWASP's REST Security Cheat Sheet); the docs pages, which
// are documents a browser renders, also carry helmet's document-only ones. Both sets are computed once.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'

const DOCUMENT_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { 'default-src': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"], 'frame-ancestors': ["'none'"] }
  },
  // Browsers call the API cross-origin through CORS, which this policy does not affect.
  crossOriginResourcePolicy: { policy: 'same-site' as const }
}

// What only a rendered document uses (window isolation, DNS prefetching, IE8 downloads, Flash and PDF policies, the
// retired XSS auditor): left off JSON responses, where every header is bytes on every response and work for every
// layer that copies it.
const API_OPTIONS = {
  ...DOCUMENT_OPTIONS,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false
}

/** The headers helmet's middleware sets with these options, in the order it sets them. */
function headerSet (options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: unknown) => { headers[name.toLowerCase()] = String(value) },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()] }
  }
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) throw error
  })
  return headers
}

/** Every response's headers. */
export const apiSecurityHeaders = (): Record<string, string> => headerSet(API_OPTIONS)

/** What a docs page adds to them. */
export function documentSecurityHeaders (): Record<string, string> {
  const api = apiSecurityHeaders()
  return Object.fromEntries(Object.entries(headerSet(DOCUMENT_OPTIONS)).filter(([name]) => !(name in api)))
}

/** A hook that sets a fixed set of headers. */
export function settingHeaders (headers: Record<string, string>): onRequestHookHandler {
  return (_request, reply, done) => {
    reply.headers(headers)
    done()
  }
}

export const securityHeaders = fp(async function securityHeaders (app: FastifyInstance) {
  app.addHook('onRequest', settingHeaders(apiSecurityHeaders()))
}, { name: 'security-headers', fastify: '5.x' })
