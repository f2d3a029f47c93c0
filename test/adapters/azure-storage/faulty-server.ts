// A server where Azurite should be, answering every request one way: with a status (Blob Storage's 503 ServerBusy, a
// 500, a 429), or never. And an account's connection string pointed at it or at a port where nothing listens.
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import type { Test } from 'tap'
import { AZURITE_ACCOUNT } from '../../../local/azurite.ts'

/** The endpoint of a server that answers every request with `status`, or never when `status` is 'hang'. */
export async function faultyServer (t: Test, status: number | 'hang'): Promise<{ endpoint: string, requests: () => number }> {
  let requests = 0
  const hanging: ServerResponse[] = []
  const server = createServer((request, response) => {
    requests++
    request.resume()
    if (status === 'hang') {
      hanging.push(response)
      return
    }
    response.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': status === 429 ? 'TooManyRequests' : 'ServerBusy' })
      .end('<?xml version="1.0" encoding="utf-8"?><Error><Code>ServerBusy</Code><Message>busy</Message></Error>')
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}/${AZURITE_ACCOUNT.name}`, requests: () => requests }
}

/** Azurite's account at `endpoint` (a faulty server's, or one where nothing listens), for both Blob and Queue. */
export const connectionStringAt = (endpoint: string): string =>
  `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT.name};AccountKey=${AZURITE_ACCOUNT.key};BlobEndpoint=${endpoint};QueueEndpoint=${endpoint};`
