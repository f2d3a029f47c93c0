// What @fastify/swagger generates from the route schemas, completed into a document that says exactly what the
// service does: named schemas, every header, an example per status, HEAD and the CORS preflight on every path, and
// an explicit security requirement. It runs once per document (and for the Lambda bundle, at build time).
import { errorBody, errorFor, METHOD_NOT_ALLOWED, NO_ROUTE, SUCCESS_EXAMPLES } from './examples.ts'
import { headerRef, HEADERS, HEADERS_BY_STATUS, REQUEST_ID_PARAMETER, type HeaderName } from './headers.ts'
import { RESPONSE_HEADERS, type RouteResponseHeaders } from '../schemas/response-headers.ts'

type Json = Record<string, any>

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const
const REQUEST_ID_REF = { $ref: '#/components/parameters/RequestId' }

/** Replaces every schema titled with one of `names` by a reference to it, except `keep` itself. */
function referNamed (value: unknown, names: Set<string>, keep?: unknown): unknown {
  if (Array.isArray(value)) return value.map((entry) => referNamed(entry, names))
  if (value === null || typeof value !== 'object') return value
  const title = (value as Json).title
  if (value !== keep && typeof title === 'string' && names.has(title)) return { $ref: `#/components/schemas/${title}` }
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, referNamed(entry, names)]))
}

function operations (document: Json): Array<[string, string, Json]> {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method): [string, string, Json] => [path, method, item[method]]))
}

function completeResponses (operation: Json): void {
  const routeHeaders = (operation[RESPONSE_HEADERS] ?? {}) as RouteResponseHeaders
  delete operation[RESPONSE_HEADERS]
  for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
    const names: HeaderName[] = ['X-Request-Id', ...(HEADERS_BY_STATUS[status] ?? []), ...(routeHeaders[Number(status)] ?? [])]
    response.headers = Object.fromEntries(names.map((name) => [name, headerRef(name)]))
    const media = response.content?.['application/json'] as Json | undefined
    if (media === undefined) continue
    const error = errorFor(operation.operationId, Number(status))
    if (error !== undefined) media.example = errorBody(error)
    else if (SUCCESS_EXAMPLES[operation.operationId] !== undefined && status.startsWith('2')) media.example = SUCCESS_EXAMPLES[operation.operationId]
  }
}

const capitalised = (word: string): string => word[0].toUpperCase() + word.slice(1)
/** `order_id` → `OrderId`. */
const pascal = (name: string): string => name.split('_').map(capitalised).join('')

/** HEAD answers what GET answers, without the body (Fastify adds it to every GET route). */
function headOf (get: Json): Json {
  const responses = Object.fromEntries(Object.entries(get.responses as Record<string, Json>)
    .map(([status, { content: _content, ...response }]) => [status, response]))
  return {
    ...get,
    // getItem → headItem, listItems → headItems, searchOrders → headSearchOrders.
    operationId: `head${capitalised((get.operationId as string).replace(/^(get|list)/, ''))}`,
    summary: `${get.summary} (headers only)`,
    description: 'The status and headers that GET on this path answers, without the body.',
    responses
  }
}

/** The CORS preflight, which @fastify/cors answers on every path with 204, without authentication. */
function preflightOf (path: string, tags: string[], pathParameters: Json[]): Json {
  // /items/{id} → ItemsById, /customers/{customer_id}/orders → CustomersByCustomerIdOrders.
  const name = path.split('/').filter(Boolean).map((segment) => segment.startsWith('{')
    ? `By${pascal(segment.slice(1, -1))}`
    : pascal(segment)).join('')
  const header = (headerName: string, description: string): Json =>
    ({ name: headerName, in: 'header', required: false, description, schema: { type: 'string' } })
  return {
    operationId: `preflight${name}`,
    tags,
    summary: 'CORS preflight',
    description: 'What a browser asks before a cross-origin request. Answered 204 whatever is asked; ' +
      'Access-Control-Allow-Origin is present only for an origin that CORS_ORIGINS allows.',
    parameters: [
      ...pathParameters,
      header('Origin', 'The origin of the page that wants to call the API.'),
      header('Access-Control-Request-Method', 'The method it wants to use.'),
      header('Access-Control-Request-Headers', 'The headers it wants to send.'),
      REQUEST_ID_REF
    ],
    security: [],
    responses: {
      204: {
        description: 'The methods and headers a cross-origin request may use.',
        headers: Object.fromEntries((['X-Request-Id', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers',
          'Access-Control-Max-Age'] as HeaderName[]).map((headerName) => [headerName, headerRef(headerName)]))
      }
    }
  }
}

const errorResponse = (description: string, error: Parameters<typeof errorBody>[0], headers: HeaderName[]): Json => ({
  description,
  headers: Object.fromEntries(['X-Request-Id' as HeaderName, ...headers].map((name) => [name, headerRef(name)])),
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' }, example: errorBody(error) } }
})

export interface CompleteDocumentOptions {
  /** The schemas to name, each with its `title`. */
  named: Json[]
  /** Whether a bearer token is required anywhere. */
  bearer: boolean
}

export function completeDocument (document: Json, { named, bearer }: CompleteDocumentOptions): Json {
  for (const [, , operation] of operations(document)) {
    completeResponses(operation)
    operation.parameters = [...(operation.parameters ?? []), REQUEST_ID_REF]
    // Explicit either way: a token, or none.
    operation.security ??= []
    if (operation.security.length === 0) delete operation.responses['401']
  }
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    if (item.get !== undefined) item.head = headOf(item.get)
    const first = Object.values(item)[0] as Json
    item.options = preflightOf(path, first.tags ?? [], (first.parameters as Json[]).filter((parameter) => parameter.in === 'path'))
  }

  const names = new Set(named.map((schema) => schema.title as string))
  document.paths = referNamed(document.paths, names)
  document.components = {
    ...document.components,
    schemas: Object.fromEntries(named.map((schema) => {
      const copy = JSON.parse(JSON.stringify(schema)) as Json
      return [schema.title, referNamed(copy, names, copy)]
    })),
    headers: {},
    parameters: { RequestId: REQUEST_ID_PARAMETER },
    responses: {
      NotFound: errorResponse('No route serves this path (NOT_FOUND): the answer to any method on a path not in this document.', NO_ROUTE, []),
      MethodNotAllowed: errorResponse('The path is in this document but not with this method (METHOD_NOT_ALLOWED); ' +
        'Allow lists its methods.', METHOD_NOT_ALLOWED, ['Allow'])
    }
  }
  // Only the headers some response carries: WWW-Authenticate, for one, only with authentication on.
  const used = JSON.stringify(document)
  document.components.headers = Object.fromEntries(Object.entries(HEADERS).filter(([name]) => used.includes(`"#/components/headers/${name}"`)))
  // No token anywhere unless an operation names the scheme.
  document.security = []
  if (!bearer) delete document.components.securitySchemes
  return document
}
