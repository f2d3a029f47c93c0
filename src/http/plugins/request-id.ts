// Request ids: the client's X-Request-Id when it is sane, otherwise a new UUID; echoed on every response.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import fp from 'fastify-plugin'

export const REQUEST_ID_HEADER = 'x-request-id'
// Short and printable only: anything else could forge log lines or smuggle headers.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** Fastify's genReqId: reuses the client's id when it is sane. */
export function requestId (request: IncomingMessage): string {
  const supplied = request.headers[REQUEST_ID_HEADER]
  return typeof supplied === 'string' && SANE_REQUEST_ID.test(supplied) ? supplied : randomUUID()
}

export const requestIdHeader = fp(async function requestIdHeader (app) {
  // onRequest runs before anything can fail, so errors and 404s carry the id too.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id)
    done()
  })
}, { name: 'request-id', fastify: '5.x' })
