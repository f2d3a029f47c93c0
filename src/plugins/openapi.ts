// The OpenAPI document, generated from the route schemas and served at /openapi.json.
import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { SECURITY_SCHEME } from './bearer-auth.ts'
import { TAGS } from './tags.ts'

export const openApi = fp(async function openApi (app: FastifyInstance, { version, bearer }: { version: string, bearer: boolean }) {
  await app.register(swagger, {
    // The paths are the routes as they are; nothing to strip (and a relative server URL is no base path).
    stripBasePath: false,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Items API',
        version,
        description: 'Items CRUD on DynamoDB. Every error answers `{ success: false, error: { code, message, details }, request_id }`, ' +
          'and every response carries `X-Request-Id`.'
      },
      // Relative to where this document is served, so it stays right behind any path prefix (a REST API stage).
      servers: [{ url: '.', description: 'This deployment' }],
      // With authentication on, the scheme Swagger UI's Authorize button fills in; operations name it (bearer-auth.ts).
      ...(bearer ? { components: { securitySchemes: { [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } } } : {}),
      tags: [
        { name: TAGS.items, description: 'Create, read, list, update and delete items.' },
        { name: TAGS.service, description: 'Health and runtime metrics of this instance.' }
      ]
    }
  })

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}, { name: 'openapi', fastify: '5.x' })
