// DynamoDB Local needs Java 17 or later: without it, or with an older one, one line says what to do.
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { requireJava } from '../../local/dynamodb-local.ts'
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
