// JSON bodies are UTF-8 (RFC 8259), decoded strictly: invalid bytes are a 400, never U+FFFD stored in an item.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ApiError } from '../api-errors.ts'

const decoder = new TextDecoder('utf-8', { fatal: true })

export const jsonBody = fp(async function jsonBody (app: FastifyInstance) {
  // Fastify's own parser after decoding: secure-json-parse, refusing __proto__ and constructor.prototype keys.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string
    try {
      text = decoder.decode(body as Buffer)
    } catch {
      done(new ApiError(400, 'VALIDATION_ERROR', 'Request body is not valid UTF-8'), undefined)
      return
    }
    parseJson(request, text, done)
  })
}, { name: 'json-body', fastify: '5.x' })
