// The tracked package-lock.json is what npm install writes for package.json: a clone stays clean after the README's
// first command. npm resolves the lock again from package.json and the lock alone (no network, no node_modules, no
// scripts) and must write back the same bytes. .ci/run checks the full `npm install` the same way with git status.
import { execFile } from 'node:child_process'
import { copyFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { temporaryDirectory } from './helper.ts'

t.test('npm install rewrites nothing in package-lock.json', async (t) => {
  const dir = await temporaryDirectory(t)
  for (const file of ['package.json', 'package-lock.json']) await copyFile(file, join(dir, file))
  // An empty cache of its own: what npm needs must be in the lock, not in this machine's cache.
  await promisify(execFile)('npm', ['install', '--package-lock-only', '--ignore-scripts', '--offline', '--no-audit', '--no-fund',
    '--cache', join(dir, '.npm-cache'), '--loglevel=error'], { cwd: dir, env: { ...process.env, npm_config_engine_strict: 'false' } })
  const [written, tracked] = await Promise.all([readFile(join(dir, 'package-lock.json'), 'utf8'), readFile('package-lock.json', 'utf8')])
  t.ok(written === tracked, 'the lock npm writes is the tracked one, byte for byte')
  t.match(JSON.parse(tracked).packages[''], { hasInstallScript: true }, 'the root package\'s postinstall is recorded, as npm records it')
})
