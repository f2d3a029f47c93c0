import t from 'tap'
import { loggerOptions } from '../src/logger.ts'
import { RequestLog } from '../src/request-log.ts'

const config = { logLevel: 'debug' as const, environment: 'dev', serviceName: 'items-api', onLambda: false }

t.test('pretty output only for a development terminal', async (t) => {
  t.match(loggerOptions(config, true), { level: 'debug', transport: { target: 'pino-pretty' } })
  t.notOk('transport' in loggerOptions(config, false), 'JSON when not a terminal')
  t.notOk('transport' in loggerOptions({ ...config, environment: 'prod' }, true), 'JSON outside development')
})

t.test('every line names the service and environment, and credentials are redacted', async (t) => {
  const options = loggerOptions({ ...config, environment: 'prod' }, false)
  t.same(options.base, { service: 'items-api', environment: 'prod' })
  t.same(options.redact, ['req.headers.authorization', 'req.headers.cookie'])
})

t.test('a request that errored after its headers were sent is logged as an error, once', async (t) => {
  const lines: Array<[string, Record<string, unknown>]> = []
  const log = {
    info: (fields: Record<string, unknown>) => lines.push(['info', fields]),
    error: (fields: Record<string, unknown>) => lines.push(['error', fields])
  }
  const request = { method: 'GET', url: '/items?limit=5', routeOptions: { url: '/items' } }
  const reply = { statusCode: 200, elapsedTime: 12.3456, log }
  const controller = new RequestLog()
  controller.incomingRequest()
  controller.requestCompleted(new Error('socket hang up'), request as never, reply as never)
  controller.requestCompleted(null, { ...request, routeOptions: {} } as never, reply as never)
  t.equal(lines.length, 2)
  t.match(lines[0], ['error', { method: 'GET', route: '/items', status: 200, duration_ms: 12.35, err: { message: 'socket hang up' } }])
  t.match(lines[1], ['info', { route: null, url: '/items?limit=5' }])
})
