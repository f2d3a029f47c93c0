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
  requestTimeoutMs: 3_000
} as const
