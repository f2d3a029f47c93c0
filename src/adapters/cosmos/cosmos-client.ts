// Builds the Cosmos DB client, with the limits every call to the store keeps: Azure itself, or a local Cosmos-compatible
// server (the tests' @vercel/cosmosdb-server).
import type { TokenCredential } from '@azure/core-auth'
import { CosmosClient } from '@azure/cosmos'

/**
 * How long a call waits on Cosmos DB and how often it tries. A store that is down, slow or throttling becomes a 503
 * within `deadlineMs` at most, below a function's timeout, so that the service answers rather than being cut off.
 */
export const COSMOS_LIMITS = {
  /**
   * Attempts of one call that failed in transit (connection refused or reset, timed out, a 5xx): the first and two
   * retries, made by the adapter itself with the same request. The SDK retries no write that failed in transit, and its
   * own retries of reads (ten, a second apart) are cut short by the deadline.
   */
  maxAttempts: 3,
  /** Waiting for one HTTP answer; a point read or a page of 100 documents takes milliseconds in the same region. */
  requestTimeoutMs: 3_000,
  /** The whole call, every attempt and every retry of the SDK's included: past it, the store is unavailable. */
  deadlineMs: 9_500,
  /** The SDK's own retries of a 429 (throttled), which wait as long as the answer's x-ms-retry-after-ms says. */
  throttleRetries: 2,
  /** The most the SDK waits out a throttled call, all its retries together. */
  throttleWaitSeconds: 3
} as const

/**
 * Where the client sends, and how it signs in: the account key (a local server, or an account that allows keys), or
 * a Microsoft Entra token credential (a function app's managed identity).
 */
export type CosmosLocation = { endpoint: string, key: string } | { endpoint: string, credential: TokenCredential }

export function createCosmosClient (location: CosmosLocation): CosmosClient {
  return new CosmosClient({
    endpoint: location.endpoint,
    ...('key' in location ? { key: location.key } : { aadCredentials: location.credential }),
    connectionPolicy: {
      requestTimeout: COSMOS_LIMITS.requestTimeoutMs,
      // Azure's endpoints are HTTPS and may fail over to another region; a plain-HTTP endpoint is a local server, whose
      // account document names no region the client could reach.
      enableEndpointDiscovery: location.endpoint.startsWith('https:'),
      retryOptions: {
        maxRetryAttemptCount: COSMOS_LIMITS.throttleRetries,
        maxWaitTimeInSeconds: COSMOS_LIMITS.throttleWaitSeconds
      }
    }
  })
}
