// The OpenAPI document, generated from the route schemas, completed (src/http/openapi/) and served at /openapi.json.
import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { completeDocument } from '../openapi/complete-document.ts'
import { ErrorCode, ErrorDetail, ErrorResponse } from '../schemas/envelope-schemas.ts'
import { HealthResponse } from '../schemas/health-schemas.ts'
import { DeleteResponse, ItemJson, ItemCreate, ItemListResponse, ItemResponse, ItemUpdate } from '../schemas/item-schemas.ts'
import { MetricsResponse } from '../schemas/metrics-schemas.ts'
import { OrderJson, OrderCreate, OrderListResponse, OrderResponse, OrderSearchResponse, OrderStatusJson } from '../schemas/order-schemas.ts'
import { ImageUploadJson, ImageUploadRequest, ImageUploadResponse, ImageUploadState, ItemImageJson } from '../schemas/image-schemas.ts'
import { DailyReportJson, DailyReportResponse } from '../schemas/report-schemas.ts'
import { SECURITY_SCHEME } from './bearer-auth.ts'
import { TAGS } from '../schemas/tags.ts'

/** The schemas a generated client names (`Item`, `ErrorResponse`, …), each by its title. */
const NAMED_SCHEMAS = [
  ItemJson, ItemCreate, ItemUpdate, ItemResponse, ItemListResponse, DeleteResponse, ErrorResponse, ErrorCode, ErrorDetail,
  OrderJson, OrderCreate, OrderResponse, OrderListResponse, OrderSearchResponse, OrderStatusJson, HealthResponse, MetricsResponse,
  ItemImageJson, ImageUploadState, ImageUploadRequest, ImageUploadJson, ImageUploadResponse, DailyReportJson, DailyReportResponse
]

const DESCRIPTION = [
  'Items CRUD on DynamoDB, and orders: placed here, then paid and confirmed by the event-driven pipeline behind the ' +
    'orders table\'s stream.',
  '',
  '- Every error answers `{ success: false, error: { code, message, details }, request_id }` (`ErrorResponse`).',
  '- Every response carries `X-Request-Id`; send your own to trace a request through the logs.',
  '- A path that no route serves answers 404 `NOT_FOUND` (`#/components/responses/NotFound`); a path in this document ' +
    'with a method it does not serve answers 405 `METHOD_NOT_ALLOWED` with `Allow` (`#/components/responses/MethodNotAllowed`).',
  '- A trailing slash does not matter: `/items/` is `/items`.',
  '- An order placed with `POST /orders` is CREATED; within seconds the pipeline moves it to PAYMENT_PROCESSED and ' +
    'CONFIRMED, and the search projection finds it.',
  '- An item\'s image: `POST /items/{id}/image` answers a presigned S3 POST; the browser uploads straight to S3, and ' +
    'within seconds the item\'s `image` is `ready` with three thumbnails (or its `upload` `failed`, with why). An image ' +
    'already ready stays shown until the new one is ready.',
  '- Every day at 02:00 UTC the day before is reported: `GET /reports/daily/{date}`.',
  '- Every response also carries the security headers of helmet (`Content-Security-Policy`, `Strict-Transport-Security`, ' +
    '`X-Content-Type-Options`, …) and, for an origin that `CORS_ORIGINS` allows, `Access-Control-Allow-Origin` and ' +
    '`Access-Control-Expose-Headers`.',
  '- Throttling is API Gateway\'s: its 429 comes before the service, with API Gateway\'s own body.'
].join('\n')

export const openApi = fp(async function openApi (app: FastifyInstance, { version, bearer }: { version: string, bearer: boolean }) {
  await app.register(swagger, {
    // The paths are the routes as they are; nothing to strip (and a relative server URL is no base path).
    stripBasePath: false,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Items API',
        version,
        description: DESCRIPTION,
        license: { name: 'MIT', identifier: 'MIT' },
        contact: { name: 'Items API maintainers' }
      },
      // Relative to where this document is served, so it stays right behind any path prefix (a REST API stage).
      servers: [{ url: '.', description: 'This deployment' }],
      // With authentication on, the scheme Swagger UI's Authorize button fills in; operations name it (bearer-auth.ts).
      ...(bearer ? { components: { securitySchemes: { [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } } } : {}),
      tags: [
        { name: TAGS.items, description: 'Create, read, list, update and delete items.' },
        { name: TAGS.orders, description: 'Place, read, list, search, cancel and delete orders.' },
        { name: TAGS.reports, description: 'The daily sales reports the scheduled report function writes.' },
        { name: TAGS.service, description: 'Health and runtime metrics of this instance.' }
      ]
    },
    // Every route is known by now; the generated document is completed once and then cached by the plugin.
    transformObject: (documentObject) => completeDocument((documentObject as { openapiObject: Record<string, any> }).openapiObject,
      { named: NAMED_SCHEMAS, bearer })
  })

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}, { name: 'openapi', fastify: '5.x' })
