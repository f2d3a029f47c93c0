// The cost and capacity model: dollars per million requests and the concurrency a request rate needs.
// Prices are Lambda's and API Gateway's published on-demand prices for us-east-1.

export const PRICES = {
  requestsPerMillion: 0.20,
  gbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
  httpApiPerMillion: 1.00
} as const

/** Lambda gives a function one full vCPU at 1,769 MB and a share proportional to memory below that. */
const FULL_VCPU_MB = 1769
export const MEMORY_SIZES = [128, 256, 512, 1024] as const
export const REQUEST_RATES = [1_000, 10_000, 100_000] as const

export interface CostRow {
  memory_mb: number
  billed_ms: number
  init_ms_estimate: number
  arm64_per_million: number
  x86_64_per_million: number
  concurrency: Record<string, number>
}

/**
 * `handlerMs`: the handler's own time per warm request on one full core (measured); `storeMs`: the DynamoDB round
 * trip (assumed); `initMs`: the cold start's load and init on one full core (measured). CPU time stretches as the
 * memory size's CPU share shrinks; the store's round trip does not.
 */
export function costModel (handlerMs: number, storeMs: number, initMs: number): CostRow[] {
  return MEMORY_SIZES.map((memory) => {
    const stretch = Math.max(1, FULL_VCPU_MB / memory)
    const durationMs = handlerMs * stretch + storeMs
    const billedMs = Math.ceil(durationMs)
    const gbSeconds = (memory / 1024) * (billedMs / 1000)
    const perMillion = (price: number): number => PRICES.requestsPerMillion + gbSeconds * price * 1_000_000
    return {
      memory_mb: memory,
      billed_ms: billedMs,
      init_ms_estimate: Math.round(initMs * stretch),
      arm64_per_million: perMillion(PRICES.gbSecond.arm64),
      x86_64_per_million: perMillion(PRICES.gbSecond.x86_64),
      concurrency: Object.fromEntries(REQUEST_RATES.map((rate) => [`${rate}`, Math.ceil(rate * durationMs / 1000)]))
    }
  })
}

/** A cold start at this memory size should stay within this (the estimate is an upper bound; see costModel). */
const INIT_BUDGET_MS = 1000
/**
 * The memory size should be at least this multiple of the peak RSS after the cold start: the working set, with room
 * for the heap to grow into. (After thousands of warm runs on a machine with memory to spare, V8 collects lazily and
 * the RSS says more about the machine than about the need.)
 */
const RSS_HEADROOM = 2

export interface Recommendation { memory_mb: number, reason: string }

/**
 * The smallest memory size whose estimated init stays within INIT_BUDGET_MS and which is at least RSS_HEADROOM
 * times the peak RSS after the cold start; the largest size modelled when none does.
 */
export function recommendMemory (rows: CostRow[], peakRssMb: number): Recommendation {
  const fits = rows.find((row) => row.init_ms_estimate <= INIT_BUDGET_MS && row.memory_mb >= peakRssMb * RSS_HEADROOM)
  const chosen = fits ?? rows[rows.length - 1]
  const cheapest = Math.min(...rows.map((row) => row.arm64_per_million))
  const extra = chosen.arm64_per_million - cheapest
  return {
    memory_mb: chosen.memory_mb,
    reason: fits === undefined
      ? `no size modelled keeps the init estimate under ${INIT_BUDGET_MS} ms with ${RSS_HEADROOM}× the peak RSS (${Math.round(peakRssMb)} MB); the largest is chosen`
      : `the smallest size with an init estimate under ${INIT_BUDGET_MS} ms (${chosen.init_ms_estimate} ms) and ${RSS_HEADROOM}× the peak RSS after the cold start ` +
        `(${Math.round(peakRssMb)} MB); $${extra.toFixed(2)} per million above the cheapest size on arm64`
  }
}

/** What an image upload pays besides Lambda: S3 requests and DynamoDB writes and reads (us-east-1, on demand). */
export const UPLOAD_PRICES = {
  s3WritesPerThousand: 0.005,
  s3ReadsPerThousand: 0.0004,
  dynamodbWritesPerMillion: 0.625,
  dynamodbReadsPerMillion: 0.125,
  logsPerGb: 0.50
} as const
/** The thumbnail function's S3 and DynamoDB round trips (a GET, three PUTs, a read and a write), assumed. */
const UPLOAD_IO_MS = 80
/** The API's POST /items/{id}/image: signing and one conditional write, on the API's 512 MB. */
const UPLOAD_REQUEST_MS = 10
const UPLOAD_LOG_BYTES = 2048

export interface UploadCost {
  memory_mb: number
  billed_ms: number
  /** Dollars per 1,000 uploads, by part. */
  per_thousand: { upload_request: number, thumbnail_function: number, s3_requests: number, dynamodb: number, logs: number, total: number }
}

/**
 * One upload, end to end, per 1,000: the API's POST /items/{id}/image (HTTP API and a short invocation), the thumbnail
 * function at `memoryMb` (`imageMs` of libvips on one full core, stretched by the memory size's CPU share, plus its
 * round trips), S3's four writes (the upload, three thumbnails) and one read, DynamoDB's two writes (the upload asked
 * for, the outcome) and one eventually consistent read, and the log lines. Storage is not in it.
 */
export function uploadCost (imageMs: number, memoryMb = 1024): UploadCost {
  const stretch = Math.max(1, FULL_VCPU_MB / memoryMb)
  const billedMs = Math.ceil(imageMs * stretch + UPLOAD_IO_MS)
  const thousand = (perOne: number): number => perOne * 1000
  const perThousand = {
    upload_request: thousand((PRICES.httpApiPerMillion + PRICES.requestsPerMillion) / 1e6 + 0.5 * (UPLOAD_REQUEST_MS / 1000) * PRICES.gbSecond.arm64),
    thumbnail_function: thousand(PRICES.requestsPerMillion / 1e6 + (memoryMb / 1024) * (billedMs / 1000) * PRICES.gbSecond.arm64),
    s3_requests: 4 * UPLOAD_PRICES.s3WritesPerThousand + UPLOAD_PRICES.s3ReadsPerThousand,
    dynamodb: thousand((2 * UPLOAD_PRICES.dynamodbWritesPerMillion + 0.5 * UPLOAD_PRICES.dynamodbReadsPerMillion) / 1e6),
    logs: thousand(UPLOAD_LOG_BYTES / 1024 ** 3 * UPLOAD_PRICES.logsPerGb)
  }
  const total = Object.values(perThousand).reduce((sum, part) => sum + part, 0)
  return { memory_mb: memoryMb, billed_ms: billedMs, per_thousand: { ...perThousand, total } }
}
