// `serverless package` of a stage into a folder of the test's, and the zips it makes, read without unpacking them.
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Test } from 'tap'
import yauzl from 'yauzl'
import { loadedAtInit } from '../../../scripts/loaded-at-init.ts'
import { NO_NETWORK_NAMESPACE, serverless, serviceCopy } from './service-copy.ts'

export const MB = 1024 * 1024

export interface ZipEntry { name: string, size: number, compressed: number }

/** The first bytes of one file in a zip. */
export async function zipFileHead (file: string, name: string, bytes: number): Promise<Buffer> {
  const zip = await yauzl.openPromise(file)
  const iterable = (zip as unknown as { eachEntry: () => AsyncIterable<yauzl.Entry> }).eachEntry()
  for await (const entry of iterable) {
    if (entry.fileName !== name) continue
    const stream = await (zip as unknown as { openReadStreamPromise: (entry: yauzl.Entry) => Promise<NodeJS.ReadableStream> }).openReadStreamPromise(entry)
    const chunks: Buffer[] = []
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer)
      if (Buffer.concat(chunks).length >= bytes) break
    }
    zip.close()
    return Buffer.concat(chunks).subarray(0, bytes)
  }
  zip.close()
  throw new Error(`${name} is not in ${file}`)
}

export async function zipEntries (file: string): Promise<ZipEntry[]> {
  const zip = await yauzl.openPromise(file)
  // yauzl 3's promise API, which its type definitions do not describe yet; it closes the file at the end.
  const iterable = (zip as unknown as { eachEntry: () => AsyncIterable<yauzl.Entry> }).eachEntry()
  const entries: ZipEntry[] = []
  for await (const entry of iterable) entries.push({ name: entry.fileName, size: entry.uncompressedSize, compressed: entry.compressedSize })
  return entries
}

/** What `serverless package` made: the template, and each function's zip. */
export type FunctionKey = 'api' | 'orderStream' | 'orderWorker' | 'dailyReport' | 'thumbnails'
export interface Packaged { template: any, zip: string, zips: Record<FunctionKey, string>, atInit: string[] }

export async function packageStage (t: Test, stage: string, params: Record<string, string> = {}, compileCache = false): Promise<Packaged> {
  const { dir, api, builtLambda } = await serviceCopy(t, { compileCache })
  const paramArgs = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`])
  const child = serverless(dir, ['package', '--stage', stage, '--package', 'out', ...paramArgs])
  let output = ''
  child.stdout?.on('data', (chunk) => { output += chunk })
  child.stderr?.on('data', (chunk) => { output += chunk })
  const [code] = await once(child, 'exit')
  const network = NO_NETWORK_NAMESPACE ? 'no network (a namespace with no interface up)' : 'proxies pointing at a closed port (no unshare here)'
  t.equal(code, 0, `serverless package --stage ${stage} succeeds with no credentials and ${network}`) || t.comment(output)
  return {
    template: JSON.parse(await readFile(join(dir, 'out/cloudformation-template-update-stack.json'), 'utf8')),
    zip: join(dir, 'out/api.zip'),
    zips: Object.fromEntries((['api', 'orderStream', 'orderWorker', 'dailyReport', 'thumbnails'] as const).map((fn) => [fn, join(dir, `out/${fn}.zip`)])) as Record<FunctionKey, string>,
    atInit: loadedAtInit(api.metafile, builtLambda).map((name) => `dist/lambda/${name}`)
  }
}

/** A set of checks on one packaged stage, each run as a subtest of its name. */
export type Checks = Record<string, (t: Test, packaged: Packaged) => Promise<void>>

export function runChecks (t: Test, checks: Checks, packaged: Packaged): void {
  for (const [name, check] of Object.entries(checks)) t.test(name, async (t) => { await check(t, packaged) })
}
