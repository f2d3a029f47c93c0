// Schema of GET /health: liveness, in the shape the FastAPI service answered (plus a few fields).
import { Type } from 'typebox'

export const HealthResponse = Type.Object({
  status: Type.Literal('healthy'),
  runtime: Type.Literal('nodejs'),
  version: Type.String({ description: 'The Node.js version.', examples: ['v24.11.0'] }),
  framework: Type.Literal('Fastify + @fastify/aws-lambda'),
  service: Type.String({ examples: ['items-api'] }),
  environment: Type.String({ examples: ['dev'] }),
  storage: Type.String({ description: 'The kind of store the items are kept in.', examples: ['dynamodb'] }),
  table: Type.String({ description: 'Its table (or container) of items.', examples: ['dev-benchmark-items'] })
}, { title: 'HealthResponse' })
