// The local system when other tables are written before the first order, as the README's walk-through does: DynamoDB
// Local with -sharedDb numbers stream records across its tables, so the orders stream's first record does not come
// where an iterator taken on the empty shard points. Every order still ends CONFIRMED.
import { spawnSync } from 'node:child_process'
import t from 'tap'
import { startLocalSystem, type LocalSystem } from '../../local/system.ts'
import { freePort } from '../../local/free-port.ts'

const hasJava = spawnSync('java', ['-version']).status === 0
const skip = !hasJava && process.env.CI !== 'true' ? 'no Java on the PATH: DynamoDB Local cannot run' : false

process.env.POWERTOOLS_METRICS_DISABLED = 'true'

async function json (url: string, init?: RequestInit): Promise<{ status: number, body: any }> {
  const response = await fetch(url, init)
  return { status: response.status, body: await response.json() }
}

const post = async (system: LocalSystem, path: string, body: unknown, headers: Record<string, string> = {}): Promise<any> => {
  const { status, body: answer } = await json(`${system.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  if (status !== 201) throw new Error(`POST ${path} answered ${status}`)
  return answer.data
}

const order = (customer: string) => ({ customer_id: customer, items: ['SKU-LAPTOP-15'], total_amount: 10 })

/** The orders' statuses once none is CREATED or PROCESSING any more, or as they are after `seconds`. */
async function settled (system: LocalSystem, orderIds: string[], seconds = 15): Promise<string[]> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const statuses = await Promise.all(orderIds.map(async (orderId) => (await json(`${system.url}/orders/${orderId}`)).body.data.status as string))
    if (statuses.every((status) => status === 'CONFIRMED') || Date.now() > deadline) return statuses
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

t.test('items and idempotency records written before the first order', { skip }, async (t) => {
  const system = await startLocalSystem({
    port: 0,
    dynamodbPort: await freePort(),
    s3Port: 0,
    sqsPort: 0,
    visibilityTimeoutSeconds: 2,
    pollIntervalMs: 50,
    retryDelayMs: 50,
    env: { LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
  })
  t.teardown(() => system.close())
  const item = await post(system, '/items', { name: 'Camera', price: 499 })
  // Let the stream consumer read the empty shard first, as it does when the walk-through's steps are typed by hand.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const orderIds = [(await post(system, '/orders', order('CUST-FIRST-1'), { 'idempotency-key': 'first-order-of-the-run' })).order_id]
  orderIds.push((await post(system, '/orders', order('CUST-FIRST-2'))).order_id)
  await post(system, '/items', { name: 'Lens', price: 99 })
  orderIds.push((await post(system, '/orders', order('CUST-FIRST-3'))).order_id)
  t.same(await settled(system, orderIds), ['CONFIRMED', 'CONFIRMED', 'CONFIRMED'], 'every order CONFIRMED')
  t.equal(await system.streamFailures.depth(), 0, 'no stream batch given up on')
  t.equal(await system.deadLetters.depth(), 0, 'no message dead-lettered')
  t.equal((await json(`${system.url}/items/${item.id}`)).body.data.name, 'Camera', 'and the item written first is there')
})
