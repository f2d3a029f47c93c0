// A DynamoDB endpoint that fails on purpose: an HTTP proxy in front of the embedded store that answers a request
// with DynamoDB's throttling error, holds it unanswered, or passes it on, as the test decides.
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type Fault = 'throttle' | 'hang' | 'pass'

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

/** `fault(n)` decides what happens to the n-th request (0-based). */
export async function faultyDynamoDb (target: string, fault: (request: number) => Fault): Promise<FaultyDynamoDb> {
  const operations: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const n = operations.push(String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '') - 1
    const decision = fault(n)
    if (decision === 'hang') return
    if (decision === 'throttle') {
      request.resume()
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `throttled-${n}` }).end(THROTTLED)
      return
    }
    const upstream = forward(new URL(request.url ?? '/', target), { method: request.method, headers: request.headers }, (answer) => {
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
