// Node's compile cache for the Lambda artifact: V8's code for the entry and the app's chunks, made by loading the built
// function once (its whole init) on the runtime's own Node: for nodejs24.x on arm64, Node 24 for linux-arm64, run
// natively on an arm64 machine or under qemu-user elsewhere. src/platforms/aws/compile-cache.ts turns it on at init, and only on
// the Node that made it.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BUILT_FOR_FILE, COMPILE_CACHE_DIR } from '../src/platforms/aws/compile-cache.ts'
import { nodeBinary } from './node-binaries.ts'

/** Where Debian's libc6-arm64-cross and libstdc++6-arm64-cross put the arm64 libraries qemu-user needs to run an arm64 Node. */
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu'

function onPath (command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

/**
 * The command that runs the Lambda runtime's Node here (nodejs24.x on arm64; LAMBDA_NODE_VERSION picks the exact
 * release, the newest 24 by default), or undefined where it cannot run: not arm64, and no qemu-aarch64, or no arm64 libc or libstdc++.
 * LAMBDA_NODE names the runtime's own binary where the build runs on it (the container image's build stage).
 */
export function lambdaRuntimeNode (env: Record<string, string | undefined> = process.env): string[] | undefined {
  if (env.LAMBDA_NODE !== undefined) return [env.LAMBDA_NODE]
  const version = env.LAMBDA_NODE_VERSION ?? '24'
  if (process.arch === 'arm64') return [nodeBinary('arm64', version)]
  const qemu = onPath('qemu-aarch64')
  if (qemu === undefined || !['lib/ld-linux-aarch64.so.1', 'lib/libstdc++.so.6'].every((file) => existsSync(join(ARM64_SYSROOT, file)))) return undefined
  return [qemu, '-L', ARM64_SYSROOT, nodeBinary('arm64', version)]
}

/** Makes `outDir/compile-cache` with `node` (a command: a binary, or qemu and its arguments before one) and says for which Node. */
export async function makeCompileCache (outDir: string, node: string[]): Promise<string> {
  const folder = join(outDir, COMPILE_CACHE_DIR)
  await rm(folder, { recursive: true, force: true })
  await mkdir(folder)
  const [command, ...prefix] = node
  const builtFor = execFileSync(command, [...prefix, '-p', 'process.version + " " + process.arch'], { encoding: 'utf8' }).trim()
  await writeFile(join(folder, BUILT_FOR_FILE), `${builtFor}\n`)
  // Loaded as Lambda loads it, init included; the runtime writes the code it compiled into the cache as it exits.
  const entry = pathToFileURL(join(outDir, 'index.mjs')).href
  execFileSync(command, [...prefix, '--input-type=module', '-e', `await import(${JSON.stringify(entry)})`], {
    env: { PATH: process.env.PATH, AWS_LAMBDA_FUNCTION_NAME: 'compile-cache', CURSOR_SECRET: 'compile-cache-run-only-signs-nothing', AWS_REGION: 'us-east-1', LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'ignore', 'inherit']
  })
  const written = (await readdir(folder, { recursive: true })).filter((file) => file !== BUILT_FOR_FILE)
  if (written.length === 0) throw new Error(`Node ${builtFor} wrote no compile cache into ${folder}`)
  return builtFor
}
