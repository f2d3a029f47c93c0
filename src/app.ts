// buildApp(settings, dependencies): the one factory behind the local server, every platform's HTTP entry and the
// tests. It takes its stores and links as ports, chosen by the caller (src/platforms/aws/api-dependencies.ts on AWS).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import type { DestinationStream } from 'pino'
import packageJson from '../package.json' with { type: 'json' }
import type { AppSettings } from './config.ts'
import { clientErrorHandler } from './http/client-errors.ts'
import { bearerAuth } from './http/plugins/bearer-auth.ts'
import { corsPolicy } from './http/plugins/cors.ts'
import type { DocsPlugin } from './http/plugins/docs-plugin.ts'
import { errorHandler, sendError, toApiError } from './http/plugins/error-handler.ts'
import { jsonBody } from './http/plugins/json-body.ts'
import { methodNotAllowed } from './http/plugins/method-not-allowed.ts'
import { metrics, RequestCounters } from './http/plugins/metrics.ts'
import { requestId, requestIdHeader } from './http/plugins/request-id.ts'
import { schemaCompilers, type SchemaCompilersOptions } from './http/plugins/schema-compilers.ts'
import { securityHeaders } from './http/plugins/security-headers.ts'
import { RequestLog, type RequestMetricsEncoder } from './http/request-log.ts'
import { healthRoutes } from './http/routes/health-routes.ts'
import { itemImageRoutes } from './http/routes/items/item-image-routes.ts'
import { itemRoutes } from './http/routes/items/item-routes.ts'
import { orderRoutes } from './http/routes/orders/order-routes.ts'
import { reportRoutes } from './http/routes/reports/report-routes.ts'
import type { ItemStore } from './items/item-store.ts'
import type { SearchIndex } from './orders/order-search.ts'
import type { OrderStore } from './orders/order-store.ts'
import type { BlobStore, SignedLinks } from './shared/blob-store.ts'
import { CursorCodec } from './shared/cursor-codec.ts'
import { loggerOptions } from './logger.ts'

export const BODY_LIMIT_BYTES = 64 * 1024

export interface AppDependencies {
  items: ItemStore
  orders: OrderStore
  /** The search projection; without one, GET /orders/search answers 503. */
  search?: SearchIndex
  /** The images bucket's links; without them, image uploads answer 503 and items show no thumbnails. */
  links?: SignedLinks
  /** The reports bucket; without it, GET /reports/daily/{date} answers 503. */
  reports?: Pick<BlobStore, 'get'>
  /** What /health names as the store: its kind and its table or container. */
  storage: { kind: string, name: string }
  /** The OpenAPI document and the docs pages: generated at start-up, or served as the build recorded them. */
  docs: DocsPlugin
  /** How schemas become validators and serializers; the build's generated ones on a deployed function. */
  schemas?: SchemaCompilersOptions
  /**
   * In a platform's function: log lines written before each answer and carrying the invocation's fields, to stdout or
   * to `logStream` (Azure's invocation contexts), and the request's metrics in its line, in the platform's format
   * (CloudWatch's EMF on AWS).
   */
  invocations?: { requestMetrics?: RequestMetricsEncoder, logStream?: DestinationStream }
  /** Releases the adapters' clients when the app closes. */
  close?: () => Promise<void>
}

export function buildApp (settings: AppSettings, dependencies: AppDependencies): FastifyInstance {
  const counters = new RequestCounters()
  const { invocations } = dependencies
  const app = Fastify({
    logger: loggerOptions(settings, { invocations: invocations !== undefined, stream: invocations?.logStream }),
    genReqId: requestId,
    // One line per request, which also counts it and, in a platform's function, carries its metrics.
    logController: new RequestLog({ counters, metrics: invocations?.requestMetrics }),
    bodyLimit: BODY_LIMIT_BYTES,
    // `/items/` is `/items`: proxies and clients add and strip trailing slashes, and no route differs by one.
    routerOptions: { ignoreTrailingSlash: true },
    // secure-json-parse: a body with __proto__ or constructor.prototype keys is refused, not merged.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Errors the router raises before any hook runs (bad URL encoding, over-long path segments).
    frameworkErrors: (error, request, reply) => sendError(request, reply, toApiError(error)),
    // And the errors Node's HTTP parser raises before that (a listening server only; a function has no socket).
    clientErrorHandler,
    schemaController: schemaCompilers(dependencies.schemas)
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Only JSON bodies: text/plain (which Fastify parses by default) must be a 415, not a string body.
  app.removeContentTypeParser('text/plain')
  app.register(jsonBody)

  const { items, orders, search, links, reports } = dependencies
  if (dependencies.close !== undefined) app.addHook('onClose', dependencies.close)

  const routeMethods = methodNotAllowed()
  app.register(routeMethods.track)
  app.register(requestIdHeader)
  app.register(errorHandler)
  app.register(securityHeaders)
  app.register(corsPolicy, { origins: settings.corsOrigins })
  // Before any documented route, so that a generating document sees them all.
  app.register(dependencies.docs, { version: packageJson.version, auth: settings.auth })
  // Before the routes, whose OpenAPI entries it marks as needing the token.
  app.register(bearerAuth, { auth: settings.auth })
  app.register(metrics, { service: settings.serviceName, environment: settings.environment, counters })
  app.register(healthRoutes, { service: settings.serviceName, environment: settings.environment, storage: dependencies.storage })
  app.register(itemRoutes, { store: items, links })
  app.register(itemImageRoutes, { store: items, links })
  app.register(orderRoutes, { store: orders, search, cursors: new CursorCodec(settings.cursorSecret) })
  app.register(reportRoutes, { reports })
  // Last, once every route above is known.
  app.register(routeMethods.answer)

  return app
}
