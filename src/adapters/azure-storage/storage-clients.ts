// Builds the Queue and Blob Storage clients, with the limits every call keeps: an account key from a connection string
// (Azurite's, or a key-based account), or an account URL with a token credential (managed identity on Azure).
import type { TokenCredential } from '@azure/core-auth'
import { BlobServiceClient, type ContainerClient, StorageRetryPolicyType as BlobRetryPolicyType } from '@azure/storage-blob'
import { QueueClient, QueueServiceClient, StorageRetryPolicyType as QueueRetryPolicyType } from '@azure/storage-queue'

/**
 * How long a call waits on Storage and how often it tries. A service that is down, slow or throttling becomes an error
 * within `deadlineMs` at most, below a function's timeout, so that the caller answers rather than being cut off.
 */
export const STORAGE_LIMITS = {
  /** The first try and two retries, by the SDK, of what failed in transit, timed out, or got a 500 or 503. */
  maxTries: 3,
  /**
   * One try, as the service times it: the SDK sends it in the URL (`timeout=3`), and the service gives up on a try that
   * takes longer (a 10 MiB image moves in well under a second in the same region). The SDK itself times no try: a
   * connection that never answers is cut by the call's deadline, without a retry.
   */
  tryTimeoutMs: 3_000,
  /** The wait before the first retry, doubled before each next one up to `maxRetryDelayMs` (the SDK's 4 s and 120 s are for batch jobs). */
  retryDelayMs: 100,
  maxRetryDelayMs: 1_000,
  /** The whole call, every try and wait included (an AbortSignal each call passes): 3 × 3 s plus the retries' waits. */
  deadlineMs: 9_500
} as const

/**
 * How a client reaches the account: a connection string carries the endpoints and the account key (Azurite, or an
 * account with keys enabled); `serviceUrl` is the account's blob or queue endpoint, reached with a token credential
 * that the platform builds (DefaultAzureCredential from @azure/identity, a managed identity on Azure).
 */
export type StorageAccess = { connectionString: string } | { serviceUrl: string, credential: TokenCredential }

const retryOptions = <T>(retryPolicyType: T): { retryPolicyType: T, maxTries: number, tryTimeoutInMs: number, retryDelayInMs: number, maxRetryDelayInMs: number } => ({
  retryPolicyType,
  maxTries: STORAGE_LIMITS.maxTries,
  tryTimeoutInMs: STORAGE_LIMITS.tryTimeoutMs,
  retryDelayInMs: STORAGE_LIMITS.retryDelayMs,
  maxRetryDelayInMs: STORAGE_LIMITS.maxRetryDelayMs
})

/** The account's Blob service: the view links ask it for user delegation keys. */
export function createBlobServiceClient (access: StorageAccess): BlobServiceClient {
  const options = { retryOptions: retryOptions(BlobRetryPolicyType.EXPONENTIAL) }
  return 'connectionString' in access
    ? BlobServiceClient.fromConnectionString(access.connectionString, options)
    : new BlobServiceClient(access.serviceUrl, access.credential, options)
}

/** One container of the account, on the service client's pipeline. */
export function createBlobContainerClient (access: StorageAccess, container: string): ContainerClient {
  return createBlobServiceClient(access).getContainerClient(container)
}

/** One queue of the account. */
export function createQueueClient (access: StorageAccess, queue: string): QueueClient {
  const options = { retryOptions: retryOptions(QueueRetryPolicyType.EXPONENTIAL) }
  return 'connectionString' in access
    ? new QueueClient(access.connectionString, queue, options)
    : new QueueServiceClient(access.serviceUrl, access.credential, options).getQueueClient(queue)
}
