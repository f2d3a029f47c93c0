// Builds the DynamoDB client from configuration: AWS itself on Lambda, or a local/compatible endpoint.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Config } from '../../config.ts'

// Local endpoints (embedded, DynamoDB Local, LocalStack) accept any key; real ones still use the
// default credential chain when the environment provides keys.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

/**
 * How long a request waits on DynamoDB, and how often it tries. A store that is down, slow or throttling becomes a
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

export function createDynamoDbClient (config: Pick<Config, 'region' | 'dynamodbEndpoint'>, env = process.env): DynamoDBClient {
  const local = config.dynamodbEndpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined
  return new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    credentials: local ? LOCAL_CREDENTIALS : undefined,
    maxAttempts: STORE_LIMITS.maxAttempts,
    // Adaptive: on throttling, the client also slows its own sending rate instead of only backing off per request.
    retryMode: 'adaptive',
    requestHandler: {
      connectionTimeout: STORE_LIMITS.connectionTimeoutMs,
      requestTimeout: STORE_LIMITS.requestTimeoutMs,
      // Without it the SDK only logs a warning when requestTimeout passes, and the request goes on waiting.
      throwOnRequestTimeout: true
    }
  })
}
