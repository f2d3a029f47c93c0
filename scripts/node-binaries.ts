// Node binaries for other runtimes than the machine's, from the npm registry's node-linux-<arch> packages, installed
// once into a cache outside the repository (the same one .ci/run uses): Node 24 (the Lambda runtime's) on this
// machine's architecture for the benchmarks, and on arm64 for the compile cache the Lambda artifact ships.
import { execFileSync } from 'node:child_process'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export function nodeCache (env: Record<string, string | undefined> = process.env): string {
  return env.ITEMS_API_CI_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'items-api-ci')
}

/**
 * The binary of `node-linux-<arch>@<version>`, installed if missing: into a folder of this process's own, then moved
 * into place, so that test files running side by side never see half an install (the first to finish wins).
 */
export function nodeBinary (arch: string, version: string): string {
  const prefix = join(nodeCache(), arch === process.arch && version === '24' ? 'node24' : `node${version}-${arch}`)
  const binary = join(prefix, `node_modules/node-linux-${arch}/bin/node`)
  if (!existsSync(binary)) {
    console.error(`installing Node ${version} for linux-${arch} from node-linux-${arch}@${version} into ${prefix}`)
    const staging = `${prefix}.installing-${process.pid}`
    // --force: the package declares the os and cpu it runs on, which for arm64 is not this machine's.
    execFileSync('npm', ['install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--force',
      '--os=linux', `--cpu=${arch}`, `node-linux-${arch}@${version}`], { stdio: ['ignore', 'ignore', 'inherit'] })
    // What an install cut short left behind.
    if (existsSync(prefix) && !existsSync(binary)) rmSync(prefix, { recursive: true, force: true })
    try {
      renameSync(staging, prefix)
    } catch (error) {
      if (!existsSync(binary)) throw error
      rmSync(staging, { recursive: true, force: true })
    }
  }
  return binary
}

/** Node 24 on this machine: the machine's own when it is 24. */
export function node24 (): string {
  return process.versions.node.split('.')[0] === '24' ? process.execPath : nodeBinary(process.arch, '24')
}
