// The document through a mainstream OpenAPI linter: Redocly's recommended rules, in each authentication mode.
import t from 'tap'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import { build } from '../../helper.ts'
import { authEnv, issuer } from '../../token-issuer.ts'

async function problems (env: Record<string, string>): Promise<Array<{ severity: string, ruleId: string, message: string, at: string }>> {
  const app = await build({ teardown: () => {} }, env)
  const document = (await app.inject('/openapi.json')).body
  await app.close()
  const config = await createConfig({ extends: ['recommended'] })
  const found = await lintFromString({ source: document, absoluteRef: 'openapi.json', config })
  return found.map((problem) => ({
    severity: problem.severity,
    ruleId: problem.ruleId,
    message: problem.message,
    at: problem.location[0]?.pointer ?? ''
  }))
}

// Warnings that stay, each because the service is so: /health, /metrics and a CORS preflight answer no 4xx, and the
// answers no operation owns (an unknown path, a known path with another method) are components nothing refers to.
const KNOWN_WARNINGS = [
  ...['/health', '/metrics'].flatMap((path) => ['get', 'head', 'options'].map((method) => `operation-4xx-response #/paths/~1${path.slice(1)}/${method}/responses`)),
  // The CORS preflight answers 204 whatever is asked.
  ...['/items', '/items/{id}', '/items/{id}/image', '/orders', '/orders/search', '/orders/{order_id}', '/orders/{order_id}/cancel',
    '/customers/{customer_id}/orders', '/reports/daily/{date}'].map((path) => `operation-4xx-response #/paths/${path.replaceAll('/', '~1')}/options/responses`),
  'no-unused-components #/components/responses/NotFound',
  'no-unused-components #/components/responses/MethodNotAllowed'
].sort()

t.test('Redocly\'s recommended rules find no error, with authentication off and on', async (t) => {
  const tokens = await issuer(t)
  for (const [mode, env] of [['open', {}], ['bearer', authEnv(tokens)], ['bearer, reads too', { ...authEnv(tokens), AUTH_READS: 'true' }]] as const) {
    const found = await problems(env)
    t.same(found.filter((problem) => problem.severity === 'error'), [], `${mode}: no error`)
    t.same(found.filter((problem) => problem.severity !== 'error').map((problem) => `${problem.ruleId} ${problem.at}`).sort(), KNOWN_WARNINGS,
      `${mode}: only the warnings the service's own shape explains`)
  }
})
