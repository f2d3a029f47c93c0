// A DynamoDB endpoint that fails on purpose: an HTTP proxy in front of a real store that answers a request with
// DynamoDB's throttling error, holds it unanswered, passes it on, or passes it on and then loses the answer (the store
// applied the request, the client never hears so, and the SDK sends it again), as the test decides.
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type Fault = 'throttle' | 'hang' | 'pass' | 'drop'

export interface FaultyDynamoDb {
  endpoint: string
  /** The DynamoDB operations received so far, in order (from X-Amz-Target, e.g. GetItem). */
  operations: string[]
  close: () => Promise<void>
}

const THROTTLED = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
  message: 'Rate of requests exceeds the allowed throughput.'
})

/** `fault(n, operation)` decides what happens to the n-th request (0-based), a call of `operation` (e.g. PutItem). */
export async function faultyDynamoDb (target: string, fault: (request: number, operation: string) => Fault): Promise<FaultyDynamoDb> {
  const operations: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? ''
    const n = operations.push(operation) - 1
    const decision = fault(n, operation)
    if (decision === 'hang') return
    if (decision === 'throttle') {
      request.resume()
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `throttled-${n}` }).end(THROTTLED)
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
