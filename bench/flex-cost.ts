// The cost model of the system on Azure Functions' Flex Consumption plan, beside Lambda's (cost.ts): dollars per
// million API requests and per 1,000 orders, at a steady rate. Estimates from published on-demand prices and the
// plan's billing rules; nothing here was billed.
import { PRICES, UPLOAD_PRICES } from './cost.ts'

/**
 * Flex Consumption, on demand (East US, azure.microsoft.com/pricing/details/functions): memory × the time an instance
 * is executing anything, at least 1,000 ms an activity period, then rounded up to 100 ms; $0.40 per million
 * executions. The monthly free grant (100,000 GB-s, 250,000 executions) is left out, as Lambda's is in cost.ts.
 */
export const FLEX_PRICES = { gbSecond: 0.000026, executionsPerMillion: 0.40, minimumActivityMs: 1000, activityStepMs: 100 } as const
/** Cosmos DB serverless, per million request units; Queue Storage, per 10,000 operations (assumed, GPv2 LRS). */
export const AZURE_DATA_PRICES = { cosmosPerMillionRu: 0.25, queuePer10kOperations: 0.004 } as const
/** The instance sizes Flex Consumption offers below 4 GB, and the HTTP concurrency each instance takes by default. */
export const FLEX_INSTANCES = [{ memory_mb: 512, http_concurrency: 4 }, { memory_mb: 2048, http_concurrency: 16 }] as const
export const STEADY_RATES = [1, 10, 100, 1000] as const

/**
 * Dollars per second for `rate` invocations per second of `durationMs` each on instances of `memoryMb` taking
 * `concurrency` at once: as few instances as carry the load, each billed while busy, and a busy spell at least the
 * plan's minimum (invocations closer together than that share one).
 */
export function flexComputePerSecond (rate: number, durationMs: number, memoryMb: number, concurrency: number): number {
  const instances = Math.max(1, Math.ceil(rate * durationMs / 1000 / concurrency))
  const spellMs = Math.max(FLEX_PRICES.minimumActivityMs, Math.ceil(durationMs / FLEX_PRICES.activityStepMs) * FLEX_PRICES.activityStepMs)
  const busy = Math.min(1, (rate / instances) * spellMs / 1000)
  return instances * busy * (memoryMb / 1024) * FLEX_PRICES.gbSecond
}

export interface FlexRequestCost { memory_mb: number, per_million: Record<string, number> }

/** Dollars per million API requests of `durationMs` (handler and store round trip), at each steady rate. */
export function flexRequestCost (durationMs: number): FlexRequestCost[] {
  return FLEX_INSTANCES.map(({ memory_mb: memory, http_concurrency: concurrency }) => ({
    memory_mb: memory,
    per_million: Object.fromEntries(STEADY_RATES.map((rate) => [`${rate}/s`,
      flexComputePerSecond(rate, durationMs, memory, concurrency) / rate * 1e6 + FLEX_PRICES.executionsPerMillion]))
  }))
}

/**
 * One order's work, as the pipeline does it (docs/orders-and-pipeline.md): the API's POST, three changes read from the
 * stream or change feed (created, paid, confirmed), three queue messages (payment, inventory, confirmation) each sent,
 * received and deleted, three writes, and each function's assumed time per invocation.
 */
export const ORDER_WORK = {
  invocations: { api: 1, changes: 3, worker: 3 },
  durationMs: { api: 15, changes: 25, worker: 15 },
  writes: 3,
  queueOperations: 9,
  /** Cosmos DB: a create or replace of a 1 KB document with its indexes ~10 RU, a change-feed read ~2 RU each. */
  cosmosRu: 3 * 10 + 3 * 2
} as const

export interface OrderCost { rate_per_second: number, aws_per_thousand: number, azure_per_thousand: Record<string, number> }

/** Dollars per 1,000 orders at each steady rate of orders: AWS (Lambda arm64 at 512 MB, HTTP API, SQS, DynamoDB) and Flex Consumption at each size. */
export function orderCost (): OrderCost[] {
  const { invocations, durationMs } = ORDER_WORK
  const lambdaInvocation = (ms: number): number => PRICES.requestsPerMillion / 1e6 + 0.5 * (Math.ceil(ms) / 1000) * PRICES.gbSecond.arm64
  const aws = PRICES.httpApiPerMillion / 1e6 + invocations.api * lambdaInvocation(durationMs.api) +
    invocations.changes * lambdaInvocation(durationMs.changes) + invocations.worker * lambdaInvocation(durationMs.worker) +
    ORDER_WORK.queueOperations * 0.40 / 1e6 + ORDER_WORK.writes * UPLOAD_PRICES.dynamodbWritesPerMillion / 1e6
  return STEADY_RATES.map((rate) => ({
    rate_per_second: rate,
    aws_per_thousand: aws * 1000,
    azure_per_thousand: Object.fromEntries(FLEX_INSTANCES.map(({ memory_mb: memory, http_concurrency: concurrency }) => {
      // Flex Consumption scales HTTP functions together and every other trigger's function on instances of its own.
      // The change feed is read one batch at a time per lease; host.json has the queue trigger take 16 messages at once.
      const concurrencies = { api: concurrency, changes: 1, worker: 16 }
      const compute = (Object.keys(invocations) as Array<keyof typeof invocations>).reduce((sum, name) =>
        sum + flexComputePerSecond(rate * invocations[name], durationMs[name], memory, concurrencies[name]), 0) / rate
      const executions = (invocations.api + invocations.changes + invocations.worker) * FLEX_PRICES.executionsPerMillion / 1e6
      const data = ORDER_WORK.cosmosRu * AZURE_DATA_PRICES.cosmosPerMillionRu / 1e6 + ORDER_WORK.queueOperations * AZURE_DATA_PRICES.queuePer10kOperations / 1e4
      return [`${memory} MB`, (compute + executions + data) * 1000]
    }))
  }))
}

const dollars = (value: number): string => value < 0.1 ? value.toFixed(4) : value.toFixed(2)

/** The bench's lines: per million API requests and per 1,000 orders, AWS beside Flex Consumption, at each steady rate. */
export function costLines (lambda: Array<{ memory_mb: number, arm64_per_million: number }>, azure: { requests: FlexRequestCost[], orders: OrderCost[] }): string[] {
  const aws = lambda.find((row) => row.memory_mb === 512) ?? lambda[0]
  return [
    '\ncost estimates at a steady rate, on-demand prices (Lambda + HTTP API vs Azure Flex Consumption; no free grants):',
    `  per million GET /items/{id}: AWS Lambda ${aws.memory_mb} MB arm64 + HTTP API $${dollars(aws.arm64_per_million + PRICES.httpApiPerMillion)} at any rate`,
    ...azure.requests.map((row) => `    Flex ${row.memory_mb} MB: ` + Object.entries(row.per_million).map(([rate, value]) => `${rate} $${dollars(value)}`).join(', ')),
    '  per 1,000 orders (API, stream or change feed, queue worker, queue and store requests):',
    ...azure.orders.map((row) => `    ${row.rate_per_second}/s: AWS $${dollars(row.aws_per_thousand)}; ` +
      Object.entries(row.azure_per_thousand).map(([size, value]) => `Flex ${size} $${dollars(value)}`).join(', '))
  ]
}
