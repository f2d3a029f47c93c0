// npm run local as a person runs it: it starts the whole system, says where, and stops on Ctrl-C; without Java it
// says what to do in one line.
import { mkdtemp } from 'node:fs/promises'
import { once } from 'node:events'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { freePort } from '../../local/free-port.ts'
import { logLine, startProcess } from '../spawned.ts'

const hasJava = spawnSync('java', ['-version']).status === 0
const skip = !hasJava && process.env.CI !== 'true' ? 'no Java on the PATH: DynamoDB Local cannot run' : false

t.test('it starts everything, answers, and stops on SIGINT', { skip }, async (t) => {
  const child = startProcess({ LOCAL_DYNAMODB_PORT: String(await freePort()), LOG_LEVEL: 'info' }, 'local/start.ts')
  t.teardown(() => { child.kill('SIGKILL') })
  const running = await logLine(child, (line) => line.msg?.startsWith('the whole system is running'))
  t.match(running, { api: /^http:\/\/127\.0\.0\.1:\d+$/, docs: /\/docs$/, dynamodb_local: /^http:\/\/127\.0\.0\.1:\d+$/, sqs: /^http:\/\/127\.0\.0\.1:8004$/, queue: /^http:\/\/127\.0\.0\.1:8004\/123456789012\/items-api-local-orders$/ })
  const health = await fetch(`${running.api}/health`)
  t.equal(health.status, 200)
  child.kill('SIGINT')
  const [code] = await once(child, 'exit')
  t.equal(code, 0, 'a clean stop')
})

t.test('without Java: one line, exit 1', async (t) => {
  const child = startProcess({ PATH: await mkdtemp(join(tmpdir(), 'no-java-')), LOCAL_DYNAMODB_PORT: String(await freePort()) }, 'local/start.ts')
  let stderr = ''
  child.stderr.on('data', (chunk: string) => { stderr += chunk })
  const [code] = await once(child, 'exit')
  t.equal(code, 1)
  t.match(stderr, /^DynamoDB Local needs Java 17 or later and none was found: install a JRE .*\n$/)
  t.equal(stderr.split('\n').length, 2, 'one line')
})
