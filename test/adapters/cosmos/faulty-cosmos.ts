// A Cosmos DB endpoint that fails on purpose: an HTTP proxy in front of the test server that answers a call with a 429
// or a 503, holds it unanswered, passes it on, or passes it on and then loses the answer (the store applied the call,
// the client never hears so), as the test decides.
import { createServer, request as forward, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type CosmosFault = 'throttle' | 'unavailable' | 'hang' | 'pass' | 'drop'

export interface FaultyCosmos {
  endpoint: string
  /** The document operations received so far, in order: read, query, create, replace, delete, patch (others: meta). */
  operations: string[]
  close: () => Promise<void>
}

/** What a request does to documents, from its method, path and headers. */
function operationOf (request: IncomingMessage): string {
  const path = (request.url ?? '').replace(/\/+$/, '')
  if (/\/docs\/[^/]+$/.test(path)) return { GET: 'read', PUT: 'replace', DELETE: 'delete', PATCH: 'patch' }[request.method ?? ''] ?? 'meta'
  if (!path.endsWith('/docs') || request.method !== 'POST') return 'meta'
  const query = request.headers['x-ms-documentdb-isquery'] === 'true' || request.headers['content-type'] === 'application/query+json'
  return query ? 'query' : 'create'
}

function refuse (status: number, code: string): { status: number, body: string } {
  return { status, body: JSON.stringify({ code, message: `${code} on purpose` }) }
}

/** `fault(n, operation)` decides what happens to the n-th document operation (0-based); other calls pass. */
export async function faultyCosmos (target: string, fault: (request: number, operation: string) => CosmosFault | Promise<CosmosFault>): Promise<FaultyCosmos> {
  const operations: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((request, response) => {
    const operation = operationOf(request)
    const decided = operation === 'meta' ? 'pass' : fault(operations.push(operation) - 1, operation)
    Promise.resolve(decided).then((decision) => {
      if (decision === 'hang') return
      if (decision === 'throttle' || decision === 'unavailable') {
        const { status, body } = decision === 'throttle' ? refuse(429, 'TooManyRequests') : refuse(503, 'ServiceUnavailable')
        request.resume()
        response.writeHead(status, { 'content-type': 'application/json', 'x-ms-retry-after-ms': '10' }).end(body)
        return
      }
      const upstream = forward(new URL(request.url ?? '/', target), { method: request.method, headers: request.headers }, (answer) => {
        if (decision === 'drop') {
          // The store has applied it; the client's connection breaks before a byte of the answer.
          answer.resume()
          answer.once('end', () => request.socket.destroy())
          return
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      })
      request.pipe(upstream)
    }, (error: unknown) => response.destroy(error as Error))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    operations,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}
