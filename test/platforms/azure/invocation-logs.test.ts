// Log lines on Azure go through each invocation's context, as the host records them (a trace of that invocation, at
// the line's severity): the API's request line, each level of pino as the host's level, overlapping invocations kept
// apart, and what is written outside an invocation on stdout.
import { readFile } from 'node:fs/promises'
import { pino } from 'pino'
import t from 'tap'
import { buildApp } from '../../../src/app.ts'
import { azureHttpHandler } from '../../../src/platforms/azure/azure-http.ts'
import { invocationLogStream, withinAzureInvocation } from '../../../src/platforms/azure/invocation-logs.ts'
import { loggerOptions } from '../../../src/logger.ts'
import { testConfig, testDependencies } from '../../helper.ts'
import { azureRequest, invocation, viaAzure } from './azure-requests.ts'

const SETTINGS = { environment: 'test', serviceName: 'items-api', logLevel: 'trace' } as const

t.test('the API\'s request line reaches the host through its own invocation\'s context, overlapping ones kept apart', async (t) => {
  const config = await testConfig({ LOG_LEVEL: 'info' })
  const app = buildApp(config, testDependencies(config, { invocations: { logStream: invocationLogStream } }))
  t.teardown(() => app.close())
  const handler = await azureHttpHandler(app)
  const first = invocation('11111111-1111-4111-8111-111111111111')
  const second = invocation('22222222-2222-4222-8222-222222222222')
  const answers = await Promise.all([
    handler(azureRequest({ method: 'GET', path: '/health' }), first.context),
    handler(azureRequest({ method: 'GET', path: '/nope' }), second.context)
  ])
  t.equal(answers.length, 2)
  for (const [{ logs }, id, status] of [[first, '11111111-1111-4111-8111-111111111111', 200], [second, '22222222-2222-4222-8222-222222222222', 404]] as const) {
    const requests = logs.filter(([, line]) => typeof line === 'string' && line.includes('"request completed"'))
    t.equal(requests.length, 1, `${id}: its one request line, through its context`)
    const [level, text] = requests[0]
    t.equal(level, 'information')
    t.notOk((text as string).endsWith('\n'), 'one line, without its newline')
    t.match(JSON.parse(text as string), { level: 'info', invocation_id: id, request_id: id, function_name: 'api', status })
  }
  t.equal((await viaAzure(handler, { method: 'GET', path: '/health' })).status, 200, 'and the bridge still answers')
})

t.test('each of pino\'s levels is the host\'s: fatal, which the host lacks, is an error', async (t) => {
  const { stream, ...options } = loggerOptions(SETTINGS, { invocations: true, stream: invocationLogStream })
  const log = pino(options, stream)
  const { context, logs } = invocation('33333333-3333-4333-8333-333333333333')
  await withinAzureInvocation(context, false, async () => {
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) log[level]({ n: 1 }, level)
  })
  t.same(logs.map(([level, line]) => [level, JSON.parse(line as string).msg]), [
    ['trace', 'trace'], ['debug', 'debug'], ['information', 'info'], ['warning', 'warn'], ['error', 'error'], ['error', 'fatal']
  ])
  t.match(JSON.parse(logs[0][1] as string), { invocation_id: '33333333-3333-4333-8333-333333333333', cold_start: false })
})

t.test('outside an invocation, a line goes to stdout', async (t) => {
  const written: string[] = []
  const write = process.stdout.write
  process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write
  try {
    invocationLogStream.write('{"level":"info","msg":"loading"}\n')
  } finally {
    process.stdout.write = write
  }
  t.same(written, ['{"level":"info","msg":"loading"}\n'])
})

t.test('a line without a level label is information', async (t) => {
  const { context, logs } = invocation()
  await withinAzureInvocation(context, true, async () => { invocationLogStream.write('not json') })
  t.same(logs, [['information', 'not json']])
})

t.test('host.json lets every level the app writes through, and never samples the traces away', async (t) => {
  const { logging } = JSON.parse(await readFile(new URL('../../../src/platforms/azure/host.json', import.meta.url), 'utf8'))
  t.equal(logging.logLevel.Function, 'Trace', 'the functions\' lines at any level: LOG_LEVEL decides which are written')
  t.same(logging.applicationInsights.samplingSettings.excludedTypes.split(';').sort(), ['Exception', 'Request', 'Trace'],
    'each invocation counts line is kept, so the sums over them are whole')
})
