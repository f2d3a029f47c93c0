// npm run soak: a bounded mixed CRUD load on the local server (embedded store, loopback), then a verification pass:
// every acknowledged create is readable, every acknowledged delete is gone, and every item's final state is the last
// one the service acknowledged. Prints the figures and `lost: N`; exits 1 when anything was lost or answered 5xx.
// `--seconds N` (default 60), `--connections N` (default 16).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { percentile } from './stats.ts'
import { startServer } from '../local/start-server.ts'

// Node 20's notice that later AWS SDK releases need Node 22 says nothing about the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

interface Expected { name: string, description: string | null, price: number, version: number }

export interface SoakResult {
  seconds: number
  requests: number
  byClass: Record<string, number>
  p50Ms: number
  p99Ms: number
  items: number
  lost: string[]
}

const option = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : Number(process.argv[index + 1])
}

/** One client: creates, reads, updates and deletes its own items, one request at a time, remembering what was acknowledged. */
async function client (base: string, until: number, record: (status: number, ms: number) => void, live: Map<string, Expected>, deleted: Set<string>): Promise<void> {
  const mine: string[] = []
  let n = 0
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number, json: any }> => {
    const started = performance.now()
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const json = await response.json().catch(() => undefined)
    record(response.status, performance.now() - started)
    return { status: response.status, json }
  }
  while (Date.now() < until) {
    n += 1
    const roll = Math.random()
    const id = mine[Math.floor(Math.random() * mine.length)]
    if (id === undefined || roll < 0.4) {
      const body = { name: `Soak ${n}`, description: n % 3 === 0 ? null : `made by request ${n}`, price: n + 0.25 }
      const { status, json } = await call('POST', '/items', body)
      if (status === 201) {
        mine.push(json.data.id)
        live.set(json.data.id, { ...body, version: json.data.version })
      }
    } else if (roll < 0.6) {
      await call('GET', `/items/${id}`)
    } else if (roll < 0.85) {
      const changes = { price: n + 0.5, name: `Soak ${n} updated` }
      const { status, json } = await call('PUT', `/items/${id}`, changes)
      if (status === 200) live.set(id, { ...live.get(id)!, ...changes, version: json.data.version })
    } else {
      const { status } = await call('DELETE', `/items/${id}`)
      if (status === 200) {
        live.delete(id)
        deleted.add(id)
        mine.splice(mine.indexOf(id), 1)
      }
    }
  }
}

export async function soak (seconds: number, connections: number): Promise<SoakResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'items-api-soak-'))
  const server = await startServer({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DYNAMODB_ENDPOINT: '' })
  const latencies: number[] = []
  const byClass: Record<string, number> = {}
  const record = (status: number, ms: number): void => {
    latencies.push(ms)
    const statusClass = `${Math.floor(status / 100)}xx`
    byClass[statusClass] = (byClass[statusClass] ?? 0) + 1
  }
  const live = new Map<string, Expected>()
  const deleted = new Set<string>()
  try {
    const until = Date.now() + seconds * 1000
    await Promise.all(Array.from({ length: connections }, async () => await client(server.url, until, record, live, deleted)))

    const lost: string[] = []
    for (const [id, expected] of live) {
      const response = await fetch(`${server.url}/items/${id}`)
      const stored = response.status === 200 ? (await response.json() as { data: Expected }).data : undefined
      const same = stored !== undefined && stored.name === expected.name && stored.description === expected.description &&
        stored.price === expected.price && stored.version === expected.version
      if (!same) lost.push(`${id}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(stored ?? response.status)}`)
    }
    for (const id of deleted) {
      const response = await fetch(`${server.url}/items/${id}`)
      if (response.status !== 404) lost.push(`${id}: deleted, yet answered ${response.status}`)
    }
    return { seconds, requests: latencies.length, byClass, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), items: live.size, lost }
  } finally {
    await server.app.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await soak(option('seconds', 60), option('connections', 16))
  const round = (value: number): number => Math.round(value * 100) / 100
  console.log(`requests: ${result.requests} in ${result.seconds} s (${Math.round(result.requests / result.seconds)} req/s)`)
  console.log(`by class: ${Object.entries(result.byClass).sort().map(([statusClass, count]) => `${statusClass} ${count}`).join(', ')}`)
  console.log(`latency: p50 ${round(result.p50Ms)} ms, p99 ${round(result.p99Ms)} ms`)
  console.log(`verified: ${result.items} items alive and every acknowledged delete`)
  for (const loss of result.lost) console.log(`  lost ${loss}`)
  console.log(`lost: ${result.lost.length}`)
  process.exitCode = result.lost.length === 0 && (result.byClass['5xx'] ?? 0) === 0 ? 0 : 1
}
