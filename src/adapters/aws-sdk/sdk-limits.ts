// How long the AWS SDK's clients wait and how often they try: the same bounds for every store the functions call.

/**
 * How long a request waits on DynamoDB or S3, and how often it tries. A store that is down, slow or throttling becomes a
 * 503 within maxAttempts × (connection or request timeout) plus the retries' backoff: under 10 s, below the
 * Lambda timeout, so the service answers rather than being cut off.
 */
export const STORE_LIMITS = {
  /** The first try and two retries. */
  maxAttempts: 3,
  /** Establishing a connection; a healthy endpoint in the same region takes milliseconds. */
  connectionTimeoutMs: 1_000,
  /** Waiting for a response once connected; the largest call, a Scan page of 100 items, takes well under a second. */
  requestTimeoutMs: 3_000,
  /**
   * Connections open at once to one endpoint. The SDK's default, 50, queues the 51st request in the agent, and the
   * connection timeout counts that wait: under Lambda Managed Instances (up to 64 invocations at once per execution
   * environment) or a burst on the local server, queued requests failed as if the store were unreachable.
   */
  maxSockets: 256
} as const

/** The request handler's options for every SDK client the functions make. */
export const REQUEST_HANDLER = {
  connectionTimeout: STORE_LIMITS.connectionTimeoutMs,
  requestTimeout: STORE_LIMITS.requestTimeoutMs,
  // Without it the SDK only logs a warning when requestTimeout passes, and the request goes on waiting.
  throwOnRequestTimeout: true,
  httpAgent: { maxSockets: STORE_LIMITS.maxSockets },
  httpsAgent: { maxSockets: STORE_LIMITS.maxSockets }
}
