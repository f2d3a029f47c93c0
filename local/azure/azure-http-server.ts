// What the Functions host does for the `api` trigger, on this machine: a Node HTTP server that makes each request the
// library's HttpRequest (at the trigger's route `{*path}`, with no /api prefix, as host.json sets it) and an
// InvocationContext of its own, calls the trigger's handler, and writes its HttpResponseInit back, the body streamed.
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import functions, { type Cookie, type HttpHandler, type LogHandler } from '@azure/functions'
import { listenFailure } from '../startup-errors.ts'
import { hostConsole, hostContext } from './host-context.ts'

export interface AzureHttpServer {
  url: string
  server: Server
  close: () => Promise<void>
}

/** A Set-Cookie value from the runtime's Cookie. */
export function setCookie (cookie: Cookie): string {
  const attributes = [
    cookie.domain === undefined ? undefined : `Domain=${cookie.domain}`,
    cookie.path === undefined ? undefined : `Path=${cookie.path}`,
    cookie.expires === undefined ? undefined : `Expires=${new Date(cookie.expires).toUTCString()}`,
    cookie.maxAge === undefined ? undefined : `Max-Age=${cookie.maxAge}`,
    cookie.secure === true ? 'Secure' : undefined,
    cookie.httpOnly === true ? 'HttpOnly' : undefined,
    cookie.sameSite === undefined ? undefined : `SameSite=${cookie.sameSite}`
  ]
  return [`${cookie.name}=${cookie.value}`, ...attributes.filter((attribute) => attribute !== undefined)].join('; ')
}

/** The request as the runtime hands it to the trigger: the whole body as bytes, each header once. */
async function httpRequest (request: IncomingMessage, origin: string): Promise<InstanceType<typeof functions.HttpRequest>> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const url = new URL(request.url ?? '/', origin)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = [value].flat().join(', ')
  const hasBody = chunks.length > 0 && request.method !== 'GET' && request.method !== 'HEAD'
  return new functions.HttpRequest({
    method: request.method,
    url: url.href,
    headers,
    query: Object.fromEntries(url.searchParams),
    ...(hasBody ? { body: { bytes: Buffer.concat(chunks) } } : {})
  })
}

/** One request through the trigger's handler; a handler that throws is the host's 500, with nothing of the error. */
async function invoke (handler: HttpHandler, request: IncomingMessage, response: ServerResponse, origin: string, logHandler: LogHandler): Promise<void> {
  const context = hostContext('api', { logHandler })
  let answer: InstanceType<typeof functions.HttpResponse>
  try {
    answer = new functions.HttpResponse(await handler(await httpRequest(request, origin), context) as ConstructorParameters<typeof functions.HttpResponse>[0])
  } catch (error) {
    logHandler('error', 'the api function failed', error)
    response.writeHead(500).end()
    return
  }
  const headers: Record<string, string | string[]> = Object.fromEntries(answer.headers)
  if (answer.cookies.length > 0) headers['set-cookie'] = answer.cookies.map(setCookie)
  response.writeHead(answer.status, headers)
  if (answer.body === null || request.method === 'HEAD') {
    response.end()
    return
  }
  await pipeline(Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream), response)
}

/** Serves `handler` on `port` of `host` (0: any free port). `logHandler`: where the invocations' log lines go (the host's console by default). */
export async function startAzureHttpServer (handler: HttpHandler, options: { port: number, host: string, logHandler?: LogHandler }): Promise<AzureHttpServer> {
  let origin = ''
  const logHandler = options.logHandler ?? hostConsole
  const server = createServer((request, response) => {
    invoke(handler, request, response, origin, logHandler).catch((error: unknown) => {
      logHandler('error', 'the answer could not be written', error)
      response.destroy()
    })
  })
  server.listen(options.port, options.host)
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => { throw error })])
  } catch (error) {
    throw listenFailure(error, { host: options.host, port: options.port })
  }
  const { port } = server.address() as { port: number }
  origin = `http://${options.host}:${port}`
  return {
    url: origin,
    server,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}
