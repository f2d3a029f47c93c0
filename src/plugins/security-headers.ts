// Security headers on every response, as helmet sets them. The API answers JSON, so its policy lets a response load,
// run or frame nothing; the two docs pages set their own, narrower than a browser's default but enough to work.
// The set never varies by request: helmet computes it once, and each response takes the finished headers.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from 'helmet'

const OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { 'default-src': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"], 'frame-ancestors': ["'none'"] }
  },
  // Browsers call the API cross-origin through CORS, which this policy does not affect.
  crossOriginResourcePolicy: { policy: 'same-site' as const }
}

/** The headers helmet's middleware sets with OPTIONS, in the order it sets them. */
export function securityHeaderSet (): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: unknown) => { headers[name.toLowerCase()] = String(value) },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()] }
  }
  helmet(OPTIONS)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) throw error
  })
  return headers
}

export const securityHeaders = fp(async function securityHeaders (app: FastifyInstance) {
  const headers = securityHeaderSet()
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
}, { name: 'security-headers', fastify: '5.x' })
