// An answer in the contract's error shape (docs/api.md, "Errors"): its status and code, its request id, no internals.
import type { Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'

export function assertError (t: Test, response: LightMyRequestResponse, status: number, code: string): Record<string, any> {
  t.equal(response.statusCode, status, `status ${status}`)
  t.match(response.headers['content-type'], /^application\/json/)
  const body = response.json()
  t.match(body, { success: false, error: { code, message: String }, request_id: String })
  t.equal(body.request_id, response.headers['x-request-id'], 'request_id matches X-Request-Id')
  t.notMatch(response.body, /node_modules|at \w+ \(|Error:/, 'no stack trace or internals')
  return body
}
