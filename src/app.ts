// buildApp(config): the one factory behind the local server, the Lambda handler and the tests.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import packageJson from '../package.json' with { type: 'json' }
import { clientErrorHandler } from './http/client-errors.ts'
import { bearerAuth } from './http/plugins/bearer-auth.ts'
import type { BlobStore, SignedLinks } from './shared/blob-store.ts'
import { lazyS3 } from './adapters/s3/lazy-s3.ts'
import type { Config } from './config.ts'
import { IMAGE_LINK_LIFETIMES } from './images/image-keys.ts'
import { loggerOptions } from './logger.ts'
import { corsPolicy } from './http/plugins/cors.ts'
import { docs } from './http/plugins/docs.ts'
import { errorHandler, sendError, toApiError } from './http/plugins/error-handler.ts'
import { jsonBody } from './http/plugins/json-body.ts'
import { methodNotAllowed } from './http/plugins/method-not-allowed.ts'
import { emfEncoder } from './platforms/aws/emf.ts'
import { metrics, RequestCounters } from './http/plugins/metrics.ts'
import { openApi } from './http/plugins/openapi.ts'
import { docsVariant, prebuiltDocs } from './http/plugins/prebuilt-docs.ts'
import { requestId, requestIdHeader } from './http/plugins/request-id.ts'
import { securityHeaders } from './http/plugins/security-headers.ts'
import { schemaCompilers, type SchemaCompilersOptions } from './http/plugins/schema-compilers.ts'
import { precompiledDocs } from './precompiled-docs.ts'
import { precompiledSchemas } from './precompiled-schemas.ts'
import { RequestLog } from './http/request-log.ts'
import { healthRoutes } from './http/routes/health-routes.ts'
import { itemImageRoutes } from './http/routes/items/item-image-routes.ts'
import { itemRoutes } from './http/routes/items/item-routes.ts'
import { reportRoutes } from './http/routes/reports/report-routes.ts'
import { orderRoutes } from './http/routes/orders/order-routes.ts'
import { openSearchIndex } from './adapters/opensearch/lazy-open-search.ts'
import type { SearchIndex } from './orders/order-search.ts'
import { CursorCodec } from './shared/cursor-codec.ts'
import { createDynamoDbClient } from './adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from './adapters/dynamodb/dynamodb-item-store.ts'
import type { ItemStore } from './items/item-store.ts'
import { DynamoDbOrderStore } from './adapters/dynamodb/dynamodb-order-store.ts'
import type { OrderStore } from './orders/order-store.ts'

export const BODY_LIMIT_BYTES = 64 * 1024

export interface AppDependencies {
  /** Replaces the DynamoDB store; only tests that must make the store fail on purpose pass one. */
  store?: ItemStore
  /** Replaces the DynamoDB order store, as `store` does. */
  orders?: OrderStore
  /** The search projection when the configuration names none: the local system's embedded index. */
  search?: SearchIndex
  /** Replaces the images bucket's links; tests pass one to make S3 fail on purpose. */
  links?: SignedLinks
  /** Replaces the reports bucket, as `links` does. */
  reports?: Pick<BlobStore, 'get'>
  /** How schemas become validators and serializers; by default, the build's generated ones when there are any. */
  schemas?: SchemaCompilersOptions
}

export function buildApp (config: Config, dependencies: AppDependencies = {}): FastifyInstance {
  const counters = new RequestCounters()
  const app = Fastify({
    logger: loggerOptions(config),
    genReqId: requestId,
    // One line per request, which also counts it and, on Lambda, carries its CloudWatch metrics.
    logController: new RequestLog({ counters, emf: config.onLambda ? emfEncoder(config.serviceName) : undefined }),
    bodyLimit: BODY_LIMIT_BYTES,
    // `/items/` is `/items`: proxies and clients add and strip trailing slashes, and no route differs by one.
    routerOptions: { ignoreTrailingSlash: true },
    // secure-json-parse: a body with __proto__ or constructor.prototype keys is refused, not merged.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Errors the router raises before any hook runs (bad URL encoding, over-long path segments).
    frameworkErrors: (error, request, reply) => sendError(request, reply, toApiError(error)),
    // And the errors Node's HTTP parser raises before that (local server only; on Lambda there is no socket).
    clientErrorHandler,
    schemaController: schemaCompilers(dependencies.schemas ?? { precompiled: precompiledSchemas })
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Only JSON bodies: text/plain (which Fastify parses by default) must be a 415, not a string body.
  app.removeContentTypeParser('text/plain')
  app.register(jsonBody)

  const dynamodb = createDynamoDbClient(config)
  const cursors = new CursorCodec(config.cursorSecret)
  const store = dependencies.store ??
    new DynamoDbItemStore(dynamodb, config.tableName, { idempotencyTableName: config.idempotencyTableName, cursors })
  const orders = dependencies.orders ??
    new DynamoDbOrderStore(dynamodb, config.ordersTableName, { idempotencyTableName: config.idempotencyTableName, cursors })
  const search = config.openSearch === undefined ? dependencies.search : openSearchIndex(config.openSearch, config.region)
  // S3 is loaded by the first request that needs it: an item's image, an upload or a report.
  const s3 = lazyS3(config)
  const links = dependencies.links ?? (config.imagesBucket === undefined ? undefined : s3.links(config.imagesBucket, IMAGE_LINK_LIFETIMES))
  const reports = dependencies.reports ?? (config.reportsBucket === undefined ? undefined : s3.blobs(config.reportsBucket))
  app.addHook('onClose', async () => {
    await Promise.all([store.close(), orders.close(), search?.close(), s3.close()])
    dynamodb.destroy()
  })

  const routeMethods = methodNotAllowed()
  app.register(routeMethods.track)
  app.register(requestIdHeader)
  app.register(errorHandler)
  app.register(securityHeaders)
  app.register(corsPolicy, { origins: config.corsOrigins })
  if (precompiledDocs === undefined) {
    // Before any documented route, so that @fastify/swagger sees them all.
    app.register(openApi, { version: packageJson.version, bearer: config.auth !== undefined })
    app.register(docs)
  } else {
    // The Lambda bundle: the same documents and pages, recorded by the build.
    app.register(prebuiltDocs, { snapshot: precompiledDocs, variant: docsVariant(config.auth), base: import.meta.url })
  }
  // Before the routes, whose OpenAPI entries it marks as needing the token.
  app.register(bearerAuth, { auth: config.auth })
  app.register(metrics, { service: config.serviceName, environment: config.environment, counters })
  app.register(healthRoutes, { service: config.serviceName, environment: config.environment, table: config.tableName })
  app.register(itemRoutes, { store, links })
  app.register(itemImageRoutes, { store, links })
  app.register(orderRoutes, { store: orders, search })
  app.register(reportRoutes, { reports })
  // Last, once every route above is known.
  app.register(routeMethods.answer)

  return app
}
