// `npm run build` as a person runs it: no AWS SDK notice about Node versions in its output, and nothing in the
// artifact that turns that notice off for the deployed function.
import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { temporaryDirectory } from '../helper.ts'
import { SDK_NODE_WARNING } from '../spawned.ts'

t.test('npm run build prints no NodeVersionSupportWarning; the built function still reads the setting itself', async (t) => {
  const out = await temporaryDirectory(t)
  // Through tsx, as npm runs it, and outside coverage: the build loads what it generates, which is not covered code.
  const env: Record<string, string | undefined> = { ...process.env, NODE_V8_COVERAGE: undefined, _TAPJS_PROCESSINFO_COVERAGE_: '0' }
  delete env[SDK_NODE_WARNING]
  delete env.NODE_V8_COVERAGE
  // The API's artifact alone: the one whose build makes the app (and so the SDK's clients) to record its docs.
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build.ts', join(out, 'lambda'), '--api'], {
    env, maxBuffer: 16 * 1024 * 1024
  })
  t.match(stdout, `built ${join(out, 'lambda')}`)
  t.notMatch(stderr, /NodeVersionSupportWarning|AWS SDK for JavaScript/, 'the SDK\'s notice is off in the build\'s processes')
  const code = await Promise.all((await readdir(join(out, 'lambda'))).filter((file) => file.endsWith('.mjs'))
    .map(async (file) => await readFile(join(out, 'lambda', file), 'utf8')))
  t.ok(code.some((text) => new RegExp(`process\\.env\\.${SDK_NODE_WARNING}\\s*===`).test(text)), 'the SDK\'s own check ships')
  t.notOk(code.some((text) => new RegExp(`${SDK_NODE_WARNING}\\s*(\\?\\?|\\|\\|)?=[^=]`).test(text)), 'and nothing sets the variable')
})
