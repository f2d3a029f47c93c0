// GET /health: liveness of this instance, in the shape the FastAPI service answered (plus a few fields).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthResponse } from '../schemas/health-schemas.ts'
import { TAGS } from '../schemas/tags.ts'
import { described, errorResponses } from '../schemas/describe-responses.ts'

export interface HealthOptions {
  service: string
  environment: string
  /** The store's kind and its table or container. */
  storage: { kind: string, name: string }
}

export const healthRoutes: FastifyPluginAsyncTypebox<HealthOptions> = async (app, options) => {
  /** Answers while the process can serve requests; it does not call the store. */
  app.get('/health', {
    schema: {
      operationId: 'getHealth',
      tags: [TAGS.service],
      summary: 'Health check',
      description: 'Answers 200 while this instance can serve requests. It does not call the store, so it stays cheap for probes.',
      response: { 200: described(HealthResponse, 'This instance can serve requests.'), ...errorResponses(500) }
    }
  }, async () => ({
    status: 'healthy' as const,
    runtime: 'nodejs' as const,
    version: process.version,
    framework: 'Fastify + @fastify/aws-lambda' as const,
    service: options.service,
    environment: options.environment,
    storage: options.storage.kind,
    table: options.storage.name
  }))
}
