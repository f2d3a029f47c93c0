// The local server against its baseline: requests per second and latency with autocannon on loopback.
import { spawn, type ChildProcess } from 'node:child_process'
import autocannon from 'autocannon'
import { freePort } from '../local/free-port.ts'

export interface LoadResult { rps: number, p50_ms: number, p99_ms: number, errors: number, non_2xx: number }

/** Starts `node args…` listening on a free port and waits (up to `startSeconds`) until /health answers. */
export async function startHttpProcess (args: string[], env: Record<string, string>, node = process.execPath, startSeconds = 30): Promise<{ url: string, child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(node, args, { env: { ...process.env, ...env, PORT: `${port}` }, stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + startSeconds * 1000
  while (Date.now() < deadline) {
    const up = await fetch(`${url}/health`).then((response) => response.ok, () => false)
    if (up) return { url, child }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill()
  throw new Error(`${args.join(' ')} did not answer /health on ${url}`)
}

export async function load (url: string, seconds: number): Promise<LoadResult> {
  const result = await autocannon({ url, connections: 10, duration: seconds })
  return {
    rps: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx
  }
}
