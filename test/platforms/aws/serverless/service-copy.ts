// serverless.yml and a fresh build in a folder of their own, so that packaging can run beside other tests without
// sharing dist/ or .serverless/; the serverless CLI run with no credentials and no network.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFile, cp, mkdir, symlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import tap from 'tap'
import { buildFunctions, buildLambda, type LambdaBuild } from '../../../../scripts/build.ts'
import { lambdaRuntimeNode } from '../../../../scripts/record-compile-cache.ts'
import { temporaryDirectory } from '../../../helper.ts'

type Test = Parameters<typeof temporaryDirectory>[0]

const SERVERLESS_CLI = resolve('node_modules/osls/bin/serverless.js')
// Any attempt to reach the network goes to a closed port and fails.
const NOWHERE = 'http://127.0.0.1:9'

// One fresh build of every function per test process (and per compile-cache choice), copied into each service copy:
// the stages package the same artifacts, and building them (sharp's 20 MB included) once is enough.
const builds = new Map<boolean, Promise<{ dist: string, api: LambdaBuild }>>()

function freshBuild (compileCache: boolean): Promise<{ dist: string, api: LambdaBuild }> {
  let built = builds.get(compileCache)
  if (built === undefined) {
    built = (async () => {
      // Removed when the test file ends, not with the test that first asked for it.
      const dist = join(await temporaryDirectory(tap), 'dist')
      const api = await buildLambda(join(dist, 'lambda'), { compileCacheNode: compileCache ? lambdaRuntimeNode() : undefined })
      await buildFunctions(join(dist, 'functions'))
      return { dist, api }
    })()
    builds.set(compileCache, built)
  }
  return built
}

/**
 * serverless.yml beside a fresh build of every function; with `compileCache`, the build's compile cache too, where it
 * can be made here. `builtLambda`: where the API's build was made, which its metafile's paths are relative to.
 */
export async function serviceCopy (t: Test, options: { compileCache?: boolean } = {}): Promise<{ dir: string, api: LambdaBuild, builtLambda: string }> {
  const dir = await temporaryDirectory(t)
  await copyFile('serverless.yml', join(dir, 'serverless.yml'))
  await symlink(resolve('node_modules'), join(dir, 'node_modules'), 'dir')
  await mkdir(join(dir, 'home'))
  const { dist, api } = await freshBuild(options.compileCache === true)
  await cp(dist, join(dir, 'dist'), { recursive: true })
  return { dir, api, builtLambda: join(dist, 'lambda') }
}

/** The environment of a machine with no AWS credentials, no AWS config and no way out. */
function isolatedEnv (dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: join(dir, 'home'),
    HTTP_PROXY: NOWHERE,
    HTTPS_PROXY: NOWHERE,
    http_proxy: NOWHERE,
    https_proxy: NOWHERE,
    ...extra
  }
}

/** Whether `unshare -rn` can run a command in a network namespace of its own, with no interface up at all. */
export const NO_NETWORK_NAMESPACE = spawnSync('unshare', ['-rn', 'true']).status === 0

/** Runs the serverless CLI with no credentials and, where the machine allows it, no network at all. */
export function serverless (dir: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const command = [process.execPath, SERVERLESS_CLI, ...args]
  const [file, ...rest] = NO_NETWORK_NAMESPACE ? ['unshare', '-rn', ...command] : command
  return spawn(file, rest, { cwd: dir, env: isolatedEnv(dir, env), stdio: ['ignore', 'pipe', 'pipe'] })
}
