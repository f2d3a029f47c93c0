// DynamoDB Local needs Java 17 or later: without it, or with an older one, one line says what to do. It runs with
// its telemetry off.
import { spawnSync } from 'node:child_process'
import { chmod, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { requireJava, startDynamoDbLocal } from '../../local/dynamodb-local.ts'
import { freePort } from '../../local/free-port.ts'
import { temporaryDirectory } from '../helper.ts'

t.test('no Java: the one line that says how to get it', async (t) => {
  t.throws(() => requireJava('/nonexistent/java'), {
    name: 'StartupError',
    message: /^DynamoDB Local needs Java 17 or later and none was found: install a JRE \(Debian\/Ubuntu: sudo apt-get install -y default-jre-headless/
  })
})

t.test('an older Java: named, with the fix', async (t) => {
  const dir = await temporaryDirectory(t)
  const java = join(dir, 'java')
  await writeFile(java, '#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n')
  await chmod(java, 0o755)
  t.throws(() => requireJava(java), { name: 'StartupError', message: 'DynamoDB Local needs Java 17 or later and found Java 11: install a newer JRE and run again' })
  await writeFile(java, '#!/bin/sh\necho \'openjdk version "21.0.1" 2023-10-17\' >&2\n')
  t.doesNotThrow(() => requireJava(java), 'Java 21 will do')
})

const noJava = spawnSync('java', ['-version']).status !== 0 && process.env.CI !== 'true' ? 'no Java on the PATH' : false

t.test('DynamoDB Local sends no telemetry', { skip: noJava }, async (t) => {
  const local = await startDynamoDbLocal({ port: await freePort() })
  t.teardown(local.close)
  const environment = (await readFile(`/proc/${local.pid}/environ`, 'utf8')).split('\0')
  t.ok(environment.includes('DDB_LOCAL_TELEMETRY=0'), 'its Java runs with DDB_LOCAL_TELEMETRY=0')
})
