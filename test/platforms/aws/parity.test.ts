// One table of contract cases, answered through inject and through the Lambda handler for every event source:
// status, body and contract headers must be identical.
import t from 'tap'
import { buildApp } from '../../../src/app.ts'
import type { LambdaHandler } from '../../../src/platforms/aws/http-events.ts'
import { lambdaHandlerFor, testConfig, testDependencies } from '../../helper.ts'
import { EVENT_SOURCES, lambdaContext, lambdaEvent, type EventSource, type HttpRequest } from '../../../local/lambda-events.ts'
import { CONTRACT_CASES, sameAnswer, sameWalkThrough, viaInject, type Answer } from '../contract-cases.ts'

async function viaLambda (handler: LambdaHandler, source: EventSource, request: HttpRequest): Promise<Answer & { event: any }> {
  const event = lambdaEvent(source, request)
  const response = await handler(event, lambdaContext()) as any
  const headers: Record<string, string> = response.headers ?? Object.fromEntries(
    Object.entries<string[]>(response.multiValueHeaders).map(([name, values]) => [name, values.join(',')]))
  const body = Buffer.from(response.body, response.isBase64Encoded === true ? 'base64' : 'utf8')
  return { status: response.statusCode, headers, body, event }
}

/** An ALB without multi-value headers forwards only the last value of a repeated parameter (AWS's behaviour). */
function lastValues (query: HttpRequest['query']): HttpRequest['query'] {
  return query === undefined ? undefined : Object.fromEntries(Object.entries(query).map(([name, values]) => [name, [values].flat().at(-1)!]))
}

t.test('parity between inject and the Lambda handler', async (t) => {
  const config = await testConfig()
  const app = buildApp(config, testDependencies(config))
  t.teardown(() => app.close())
  const handler = await lambdaHandlerFor(config)

  for (const source of EVENT_SOURCES) {
    t.test(source, async (t) => {
      await sameWalkThrough(t, app, async (request) => await viaLambda(handler, source, request))
      for (const [name, request] of CONTRACT_CASES) {
        const expected = await viaInject(app, { ...request, query: source === 'alb' ? lastValues(request.query) : request.query })
        const actual = await viaLambda(handler, source, request)
        sameAnswer(t, name, actual, expected, { body: name !== 'metrics' })
        const gatewayId = actual.event.requestContext?.requestId
        if (gatewayId !== undefined) t.equal(actual.headers['x-request-id'], gatewayId, `${name}: the gateway's request id`)
        else t.ok(actual.headers['x-request-id'], `${name}: a request id`)
      }
    })
  }
})
