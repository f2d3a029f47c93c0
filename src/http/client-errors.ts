// Requests Node's HTTP parser refuses before Fastify sees them (headers over 16 KiB, malformed HTTP, a request not
// received in time), answered in the contract's error shape instead of Fastify's default body.
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { ErrorResponse } from './schemas/envelope-schemas.ts'

const MESSAGES: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request headers are larger than 16 KiB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request was not received in time']
}

export function clientErrorHandler (error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, message] = MESSAGES[error.code ?? ''] ?? [400, 'The request is not valid HTTP']
  const requestId = randomUUID()
  const response: ErrorResponse = { success: false, error: { code: 'VALIDATION_ERROR', message }, request_id: requestId }
  const body = JSON.stringify(response)
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}
