// A REST API stage in front of the Lambda handler over real HTTP: /{stage}/… becomes a payload 1.0 event, as API Gateway does.
import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LambdaHandler } from '../../../src/platforms/aws/http-events.ts'
import { lambdaContext, lambdaEvent, REST_STAGE, type HttpRequest } from '../../../local/lambda-events.ts'

export interface Gateway {
  /** The stage's base URL, e.g. http://127.0.0.1:41234/prod */
  url: string
  close: () => Promise<void>
}

async function toRequest (message: IncomingMessage, path: string, search: URLSearchParams): Promise<HttpRequest> {
  const chunks: Buffer[] = []
  for await (const chunk of message) chunks.push(chunk as Buffer)
  const query: Record<string, string[]> = {}
  for (const [name, value] of search) (query[name] ??= []).push(value)
  const headers = Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [name, [value ?? ''].flat().join(',')]))
  return {
    method: message.method ?? 'GET',
    path,
    query,
    headers,
    ...(chunks.length > 0 ? { body: Buffer.concat(chunks).toString('utf8') } : {})
  }
}

export async function startRestApiGateway (handler: LambdaHandler): Promise<Gateway> {
  const server = createServer((message, response) => {
    const url = new URL(message.url ?? '/', 'http://gateway')
    const prefix = `/${REST_STAGE}/`
    if (!url.pathname.startsWith(prefix)) {
      // What API Gateway answers outside any stage.
      response.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Forbidden"}')
      return
    }
    toRequest(message, url.pathname.slice(prefix.length - 1), url.searchParams)
      .then(async (request) => await handler(lambdaEvent('rest-api', request), lambdaContext()) as any)
      .then((answer) => {
        const headers: Record<string, string | string[]> = { ...answer.headers, ...answer.multiValueHeaders }
        response.writeHead(answer.statusCode, headers)
        response.end(Buffer.from(answer.body ?? '', answer.isBase64Encoded === true ? 'base64' : 'utf8'))
      })
      .catch((error: unknown) => {
        // API Gateway's own answer when the integration fails.
        response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) }))
      })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/${REST_STAGE}`,
    close: async () => { server.closeAllConnections(); server.close(); await once(server, 'close') }
  }
}
