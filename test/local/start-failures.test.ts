// npm run local when it cannot start: each port it binds taken in turn, a bad setting after DynamoDB Local and the
// S3 server are up, a SIGTERM in the middle of the start. Each time: one line naming the cause and the setting, and no
// process left behind.
import { execFileSync, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import t from 'tap'
import { freePort } from '../../local/free-port.ts'
import { startProcess } from '../spawned.ts'

const hasJava = spawnSync('java', ['-version']).status === 0
const skip = !hasJava && process.env.CI !== 'true' ? 'no Java on the PATH: DynamoDB Local cannot run' : false

/** Whether a DynamoDB Local process listens on `port` (its command line names the port). */
const javaOn = (port: number): boolean => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
  .split('\n').some((args) => args.includes('DynamoDBLocal.jar') && new RegExp(`-port ${port}\\b`).test(args))

/** Resolves once `check` holds, polling; rejects with `what` after 20 s (a hang guard, not a speed check). */
async function eventually (what: string, check: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 20_000; !check();) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function ports (): Promise<Record<string, number>> {
  return { PORT: await freePort(), LOCAL_DYNAMODB_PORT: await freePort(), LOCAL_S3_PORT: await freePort(), LOCAL_SQS_PORT: await freePort() }
}

async function run (env: Record<string, number | string>): Promise<{ code: number, stderr: string }> {
  const child = startProcess(Object.fromEntries(Object.entries(env).map(([name, value]) => [name, String(value)])), 'local/start.ts')
  let stderr = ''
  child.stderr.on('data', (chunk: string) => { stderr += chunk })
  const [code] = await once(child, 'exit') as [number]
  return { code, stderr }
}

const SERVERS: Record<string, string> = { PORT: 'the API', LOCAL_DYNAMODB_PORT: 'DynamoDB Local', LOCAL_S3_PORT: 'the S3 server', LOCAL_SQS_PORT: 'the SQS server' }

for (const [variable, server] of Object.entries(SERVERS)) {
  t.test(`${variable} taken: one line naming it, and nothing started`, { skip }, async (t) => {
    const env = await ports()
    const holder = createServer().listen(env[variable], '127.0.0.1')
    await once(holder, 'listening')
    t.teardown(() => holder.close())
    const { code, stderr } = await run(env)
    t.equal(code, 1)
    t.equal(stderr, `Port ${env[variable]} for ${server} is already in use (another \`npm run local\`?). Stop what holds it, or set ${variable} to a free port.\n`)
    t.notOk(javaOn(env.LOCAL_DYNAMODB_PORT), 'no DynamoDB Local')
  })
}

t.test('a bad setting found after DynamoDB Local and the S3 server started: both are stopped', { skip }, async (t) => {
  const env = await ports()
  const { code, stderr } = await run({ ...env, LOG_LEVEL: 'chatty' })
  t.equal(code, 1)
  t.match(stderr, /^Invalid LOG_LEVEL="chatty": expected one of .*\n$/)
  await eventually('DynamoDB Local gone', () => !javaOn(env.LOCAL_DYNAMODB_PORT))
  const s3 = createServer().listen(env.LOCAL_S3_PORT, '127.0.0.1')
  await once(s3, 'listening')
  s3.close()
  t.pass('the S3 server\'s port is free again')
})

t.test('SIGTERM in the middle of the start stops what has started', { skip }, async (t) => {
  const env = await ports()
  const child = startProcess(Object.fromEntries(Object.entries(env).map(([name, value]) => [name, String(value)])), 'local/start.ts')
  t.teardown(() => { child.kill('SIGKILL') })
  await eventually('DynamoDB Local started', () => javaOn(env.LOCAL_DYNAMODB_PORT))
  child.kill('SIGTERM')
  await once(child, 'exit')
  await eventually('DynamoDB Local gone', () => !javaOn(env.LOCAL_DYNAMODB_PORT))
  t.pass('no Java process left')
})
