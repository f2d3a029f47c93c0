// CORS from CORS_ORIGINS: any origin in development, an explicit allowlist elsewhere.
import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { AppSettings } from '../../config.ts'

export const corsPolicy = fp(async function corsPolicy (app: FastifyInstance, { origins }: { origins: AppSettings['corsOrigins'] }) {
  await app.register(cors, {
    origin: origins === '*' ? '*' : origins,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    // Browsers hide response headers from scripts unless they are listed here.
    exposedHeaders: ['X-Request-Id', 'Location', 'Retry-After', 'ETag', 'WWW-Authenticate', 'Idempotent-Replayed'],
    maxAge: 600,
    // An OPTIONS without Origin or Access-Control-Request-Method is answered like a preflight (204), not with the
    // plugin's text/plain 400, which is outside the contract's error shape.
    strictPreflight: false
  })
}, { name: 'cors', fastify: '5.x' })
