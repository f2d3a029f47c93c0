// Security headers on every response (@fastify/helmet). The API answers JSON, so its policy lets a response load,
// run or frame nothing; the two docs pages set their own, narrower than a browser's default but enough to work.
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export const securityHeaders = fp(async function securityHeaders (app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { 'default-src': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"], 'frame-ancestors': ["'none'"] }
    },
    // Browsers call the API cross-origin through CORS, which this policy does not affect.
    crossOriginResourcePolicy: { policy: 'same-site' }
  })
}, { name: 'security-headers', fastify: '5.x' })
