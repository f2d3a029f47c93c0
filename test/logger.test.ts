import { Writable } from 'node:stream'
import pino from 'pino'
import t from 'tap'
import { withinInvocation } from '../src/shared/invocation.ts'
import { loggerOptions } from '../src/logger.ts'
import { RequestLog } from '../src/http/request-log.ts'

const config = { logLevel: 'debug' as const, environment: 'dev', serviceName: 'items-api' }

t.test('pretty output only for a development terminal', async (t) => {
  t.match(loggerOptions(config, { terminal: true }), { level: 'debug', transport: { target: 'pino-pretty' } })
  t.notOk('transport' in loggerOptions(config, { terminal: false }), 'JSON when not a terminal')
  t.notOk('transport' in loggerOptions({ ...config, environment: 'prod' }, { terminal: true }), 'JSON outside development')
})

t.test('every line names the service and environment, and credentials are redacted', async (t) => {
  const options = loggerOptions({ ...config, environment: 'prod' }, { terminal: false })
  t.same(options.base, { service: 'items-api', environment: 'prod' })
  t.same(options.redact, ['req.headers.authorization', 'req.headers.cookie'])
})

t.test('a request that errored after its headers were sent is logged as an error, once', async (t) => {
  const lines: Array<[string, Record<string, unknown>]> = []
  const log = {
    isLevelEnabled: () => true,
    info: (fields: Record<string, unknown>) => lines.push(['info', fields]),
    error: (fields: Record<string, unknown>) => lines.push(['error', fields])
  }
  const request = { method: 'GET', url: '/items?limit=5', routeOptions: { url: '/items', config: {} } }
  const reply = { statusCode: 200, elapsedTime: 12.3456, log }
  const controller = new RequestLog()
  controller.incomingRequest()
  controller.requestCompleted(new Error('socket hang up'), request as never, reply as never)
  controller.requestCompleted(null, { ...request, routeOptions: { config: {} } } as never, reply as never)
  t.equal(lines.length, 2)
  t.match(lines[0], ['error', { method: 'GET', route: 'GET /items', status: 200, duration_ms: 12.35, err: { message: 'socket hang up' } }])
  t.match(lines[1], ['info', { route: 'GET (no route)', url: '/items?limit=5' }])
})

t.test('on Lambda each line names the invocation it was written in, and only its own fields', async (t) => {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({ write (chunk, _encoding, done) { lines.push(JSON.parse(chunk)); done() } })
  const { stream: _lambdaStdout, ...options } = loggerOptions(config, { invocations: true, terminal: false })
  const logger = pino(options, sink)
  const fields = { aws_request_id: 'r-1', function_name: 'items-api-dev-api', cold_start: true }
  await withinInvocation(fields, async () => {
    logger.info({ first: 1 }, 'one')
    logger.info('two')
  })
  logger.info('between invocations')
  t.match(lines[0], { ...fields, first: 1 })
  t.match(lines[1], fields)
  t.notOk('first' in lines[1], 'no field of the line before')
  t.notOk('aws_request_id' in lines[2], 'no invocation once it has returned')
  t.same(fields, { aws_request_id: 'r-1', function_name: 'items-api-dev-api', cold_start: true }, 'the invocation\'s fields are not written into')
})
