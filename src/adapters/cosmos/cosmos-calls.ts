// One call to Cosmos DB within the store's limits (COSMOS_LIMITS): what failed in transit is tried again with the same
// request, a refusal (404, 409, 412) is answered as such with whether an earlier attempt may have been applied, and a
// store that is still down, slow or throttling is StoreUnavailableError.
import { RETRY_AFTER_SECONDS, StoreUnavailableError } from '../../shared/store-errors.ts'
import { COSMOS_LIMITS } from './cosmos-client.ts'

// Failures in transit: the request may or may not have reached the store.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH', 'TimeoutError'])
// Statuses the store answers when it cannot serve now; 429 has been retried by the SDK already (COSMOS_LIMITS).
const RETRIED_STATUSES = new Set([408, 449, 500, 502, 503])
const REFUSALS = new Set([404, 409, 412])

/** A refusal the caller reads: the document is missing (404), exists (409) or has changed since it was read (412). */
export type StoreRefusal = 404 | 409 | 412

/**
 * What a call answered: its value, or the store's refusal. `retried`: an earlier attempt failed in transit, so it may
 * have been applied, and the refusal may be of this very write.
 */
export type StoreAnswer<T> = { status: 'ok', value: T, retried: boolean } | { status: StoreRefusal, retried: boolean }

function statusOf (error: unknown): number | undefined {
  const { code, statusCode } = error as { code?: unknown, statusCode?: unknown }
  if (typeof code === 'number') return code
  return typeof statusCode === 'number' ? statusCode : undefined
}

/** The call may succeed if made again: it failed in transit or the store could not serve it now. */
function isTransient (error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const { code } = error as { code?: unknown }
  return error.name === 'TimeoutError' || (typeof code === 'string' && NETWORK_CODES.has(code)) ||
    RETRIED_STATUSES.has(statusOf(error) ?? 0)
}

// A token credential that could not sign in (no managed identity where the app runs, or Entra ID out of reach): the
// store cannot be reached until someone fixes the identity, which the error's cause says in the log.
const SIGN_IN_FAILURES = new Set(['CredentialUnavailableError', 'AggregateAuthenticationError', 'AuthenticationError'])

/**
 * Nothing to do but wait: the store is out of reach, throttling, overloaded, the call ran out of time, or the
 * app's identity could not sign in.
 */
export function isStoreUnavailable (error: unknown): boolean {
  return isTransient(error) || statusOf(error) === 429 ||
    (error instanceof Error && (error.name === 'AbortError' || SIGN_IN_FAILURES.has(error.name)))
}

/** Runs `call` (given the signal that ends it at the deadline) within COSMOS_LIMITS. */
export async function storeCall<T> (call: (abortSignal: AbortSignal) => Promise<T>): Promise<StoreAnswer<T>> {
  const abortSignal = AbortSignal.timeout(COSMOS_LIMITS.deadlineMs)
  for (let attempt = 1; ; attempt++) {
    try {
      return { status: 'ok', value: await call(abortSignal), retried: attempt > 1 }
    } catch (error) {
      const status = statusOf(error)
      if (status !== undefined && REFUSALS.has(status)) return { status: status as StoreRefusal, retried: attempt > 1 }
      if (!isStoreUnavailable(error)) throw error
      if (!isTransient(error) || attempt >= COSMOS_LIMITS.maxAttempts || abortSignal.aborted) {
        throw new StoreUnavailableError(RETRY_AFTER_SECONDS, { cause: error })
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
    }
  }
}

/** Runs a call that the store never refuses (a query, a read that answers 404 as a value): its value. */
export async function storeValue<T> (call: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const answer = await storeCall(call)
  if (answer.status !== 'ok') throw new Error(`the store refused a call that it never refuses (${answer.status})`)
  return answer.value
}
