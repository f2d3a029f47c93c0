// The order pipeline of `npm run local` under a burst: orders placed at once over HTTP, each timed from its POST to
// the moment the worker stored it CONFIRMED (the order's own confirmation_sent_at), the whole burst from its first POST
// to its last confirmation. The system runs in its own process, as a user starts it; the bench is its only client and
// watches the orders through one listing per poll, not a request per order.
import { freePort } from '../local/free-port.ts'
import { startHttpProcess } from './local-server.ts'
import { percentile, round } from './stats.ts'

export interface BurstResult {
  orders: number
  at_a_time: number
  /** From the first POST to the last order stored CONFIRMED. */
  all_confirmed_ms: number
  orders_per_s: number
  /** From each order's POST to its confirmation. */
  post_to_confirmed_ms: { p50: number, p99: number }
  post_ms: { p50: number, p99: number }
}

export interface PipelineBench {
  /** The target: every order of a burst of 50, 25 at a time, CONFIRMED within this many ms of the first POST. */
  target_ms: number
  /** The system's first orders, placed before the bursts: the JVM and the functions warming up. */
  first: BurstResult
  bursts: BurstResult[]
}

export const BURST_TARGET_MS = 4000

interface Placed { id: string, postedAt: number, postMs: number }

async function place (url: string, customer: string): Promise<Placed> {
  const postedAt = Date.now()
  const response = await fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer_id: customer, items: ['SKU-BENCH-1', 'SKU-BENCH-2'], total_amount: 10 })
  })
  const body = await response.json() as { data: { order_id: string } }
  if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}: ${JSON.stringify(body)}`)
  return { id: body.data.order_id, postedAt, postMs: Date.now() - postedAt }
}

/** The customer's CONFIRMED orders by id: when each was confirmed (epoch ms). */
async function confirmedOrders (url: string, customer: string): Promise<Map<string, number>> {
  const confirmed = new Map<string, number>()
  let cursor: string | null = null
  do {
    const query: string = `status=CONFIRMED&limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`
    const page = await (await fetch(`${url}/customers/${customer}/orders?${query}`)).json() as
      { data: Array<{ order_id: string, confirmation_sent_at: string }>, next_cursor: string | null }
    for (const order of page.data) confirmed.set(order.order_id, Date.parse(order.confirmation_sent_at))
    cursor = page.next_cursor
  } while (cursor !== null)
  return confirmed
}

/** `count` orders for a new customer, `atATime` in flight, then polled until every one is CONFIRMED. */
async function burst (url: string, customer: string, count: number, atATime: number): Promise<BurstResult> {
  const placed: Placed[] = []
  let next = 0
  await Promise.all(Array.from({ length: atATime }, async () => {
    while (next < count) {
      next++
      placed.push(await place(url, customer))
    }
  }))
  const deadline = Date.now() + 60_000
  let confirmed = new Map<string, number>()
  while (confirmed.size < count) {
    if (Date.now() > deadline) throw new Error(`${count - confirmed.size} of ${count} orders not CONFIRMED within 60 s`)
    await new Promise((resolve) => setTimeout(resolve, 250))
    confirmed = await confirmedOrders(url, customer)
  }
  const first = Math.min(...placed.map((order) => order.postedAt))
  const allConfirmed = Math.max(...confirmed.values()) - first
  const each = placed.map((order) => confirmed.get(order.id)! - order.postedAt)
  return {
    orders: count,
    at_a_time: atATime,
    all_confirmed_ms: allConfirmed,
    orders_per_s: round(count / (allConfirmed / 1000)),
    post_to_confirmed_ms: { p50: Math.round(percentile(each, 50)), p99: Math.round(percentile(each, 99)) },
    post_ms: { p50: Math.round(percentile(placed.map((order) => order.postMs), 50)), p99: Math.round(percentile(placed.map((order) => order.postMs), 99)) }
  }
}

/** Starts `npm run local` (its own servers on free ports), places its first orders, then `bursts` bursts. */
export async function measurePipeline (options: { bursts: number, orders: number, atATime: number }): Promise<PipelineBench> {
  const env = {
    LOCAL_DYNAMODB_PORT: String(await freePort()),
    LOCAL_S3_PORT: String(await freePort()),
    LOCAL_SQS_PORT: String(await freePort()),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
  }
  const system = await startHttpProcess(['--import', 'tsx', 'local/start.ts'], env, process.execPath, 120)
  try {
    const first = await burst(system.url, 'bench-first', 5, 5)
    const bursts: BurstResult[] = []
    for (let index = 0; index < options.bursts; index++) bursts.push(await burst(system.url, `bench-burst-${index}`, options.orders, options.atATime))
    return { target_ms: BURST_TARGET_MS, first, bursts }
  } finally {
    system.child.kill('SIGTERM')
    await new Promise((resolve) => system.child.once('exit', resolve))
  }
}

/** The bench's lines for the pipeline. */
export function pipelineLines ({ target_ms: target, first, bursts }: PipelineBench): string[] {
  const line = (result: BurstResult): string => `${result.orders} orders, ${result.at_a_time} at a time: all CONFIRMED ` +
    `${(result.all_confirmed_ms / 1000).toFixed(2)} s after the first POST (${result.orders_per_s} orders/s); POST → CONFIRMED ` +
    `p50 ${result.post_to_confirmed_ms.p50} ms, p99 ${result.post_to_confirmed_ms.p99} ms; POST p50 ${result.post_ms.p50} ms`
  const met = bursts.filter((result) => result.all_confirmed_ms <= target).length
  return [
    `  first ${line(first)}`,
    ...bursts.map((result, index) => `  burst ${index + 1}: ${line(result)}`),
    `  target: all CONFIRMED within ${target / 1000} s of the first POST — met by ${met} of ${bursts.length} bursts`
  ]
}
