// The app behind one Azure Functions HTTP trigger (v4 Node programming model): each HttpRequest answered by
// app.inject, and the answer handed back as an HttpResponseInit whose body streams out of the app.
import type { OutgoingHttpHeaders } from 'node:http'
import { Readable } from 'node:stream'
import type { Cookie, HttpHandler, HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions'
import type { FastifyInstance, HTTPMethods, InjectOptions } from 'fastify'
import { REQUEST_ID_HEADER } from '../../http/plugins/request-id.ts'
import type { ErrorResponse } from '../../http/schemas/envelope-schemas.ts'
import { coldStarts } from '../../shared/invocation.ts'
import { withinAzureInvocation } from './invocation-logs.ts'

/**
 * Every method a request can reach the handler with: the app answers each, a 405 where no route has it. The library
 * makes each request a fetch Request, which refuses TRACE and CONNECT.
 */
export const AZURE_HTTP_METHODS: HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

// What the runtime sets itself (its proxy refuses them): the app's values would be dropped or contradict its own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding'])
const SAME_SITE: Record<string, Cookie['sameSite']> = { strict: 'Strict', lax: 'Lax', none: 'None' }

/**
 * The request as inject takes it. The path and query come from the request's URL, not from `request.query`, which
 * keeps one value of a repeated key. Azure's invocation id is the request id, whatever the client sent: it is the id
 * Azure's logs carry (Headers names are lower case, so the client's X-Request-Id is replaced, in any spelling).
 */
function injectOptions (request: HttpRequest, requestId: string): InjectOptions {
  const { pathname, search } = new URL(request.url)
  const headers: Record<string, string> = {}
  for (const [name, value] of request.headers) headers[name] = value
  headers[REQUEST_ID_HEADER] = requestId
  return {
    method: request.method as HTTPMethods,
    url: `${pathname}${search}`,
    headers,
    // Streamed in: the app's body limit refuses an oversized body as it arrives.
    payload: request.body === null ? undefined : Readable.fromWeb(request.body),
    payloadAsStream: true
  }
}

/**
 * A Set-Cookie value as the runtime's Cookie, which it serializes again: what it cannot say (Partitioned, Priority)
 * is lost. The app sets no cookie today.
 */
function cookie (header: string): Cookie {
  const [pair, ...attributes] = header.split(';').map((part) => part.trim())
  const equals = pair.indexOf('=')
  const parsed: Cookie = { name: pair.slice(0, equals), value: pair.slice(equals + 1) }
  for (const attribute of attributes) {
    const [name, value = ''] = attribute.split(/=(.*)/s)
    switch (name.toLowerCase()) {
      case 'domain': parsed.domain = value; break
      case 'path': parsed.path = value; break
      case 'expires': parsed.expires = new Date(value); break
      case 'max-age': parsed.maxAge = Number(value); break
      case 'secure': parsed.secure = true; break
      case 'httponly': parsed.httpOnly = true; break
      case 'samesite': parsed.sameSite = SAME_SITE[value.toLowerCase()]; break
    }
  }
  return parsed
}

/**
 * The app's answer as the runtime takes it. A header given twice (Vary) is one comma-separated value, as HTTP allows
 * for every header but Set-Cookie, which becomes the runtime's cookies: its headers keep one value per name.
 */
function responseInit (statusCode: number, appHeaders: OutgoingHttpHeaders, body: Readable): HttpResponseInit {
  const headers: Record<string, string> = {}
  let cookies: Cookie[] | undefined
  for (const [name, value] of Object.entries(appHeaders)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue
    if (name === 'set-cookie') cookies = [value].flat().map(String).map(cookie)
    else headers[name] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return { status: statusCode, headers, ...(cookies === undefined ? {} : { cookies }), body }
}

/** What the client gets when the app could not answer at all: the contract's 500, and nothing of the error. */
function internalError (requestId: string): HttpResponseInit {
  const body: ErrorResponse = {
    success: false, error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' }, request_id: requestId
  }
  return { status: 500, headers: { 'content-type': 'application/json; charset=utf-8', [REQUEST_ID_HEADER]: requestId }, jsonBody: body }
}

/**
 * The trigger's handler for `app`, once it is ready (while the worker loads the entry). Each invocation runs with its
 * fields current (every log line names it); overlapping invocations keep their own.
 */
export async function azureHttpHandler (app: FastifyInstance): Promise<HttpHandler> {
  await app.ready()
  // The first invocation after the worker loaded the entry; Azure says nothing of instances made ready ahead.
  const isColdStart = coldStarts(true)
  return async (request: HttpRequest, context: InvocationContext) => {
    return await withinAzureInvocation(context, isColdStart(), async () => {
      try {
        const response = await app.inject(injectOptions(request, context.invocationId))
        return responseInit(response.statusCode, response.headers, response.stream())
      } catch (error) {
        context.error('The app could not answer the request', error)
        return internalError(context.invocationId)
      }
    })
  }
}
