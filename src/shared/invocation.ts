// The invocation being handled, so that every log line and metric written while handling it can name it. Kept in an
// AsyncLocalStorage, not a module-level slot: Lambda Managed Instances and Azure Functions run many invocations at
// once in one process, and each line must carry its own invocation's fields.
import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * An invocation's fields, as log lines carry them: the function, whether it paid the init, and the platform's id of
 * the invocation under the name that platform's tools query (Lambda's `aws_request_id`).
 */
export interface InvocationFields {
  function_name: string
  /** True for the first invocation an instance handles after an init it waited for. */
  cold_start: boolean
  [field: string]: string | boolean
}

const NONE: Record<string, never> = Object.freeze({})
const current = new AsyncLocalStorage<InvocationFields>()

/** The current invocation's fields, or none outside an invocation (a local server, an init phase). */
export function invocationFields (): InvocationFields | Record<string, never> {
  return current.getStore() ?? NONE
}

/** Runs one invocation with its fields current for everything it awaits, and for it alone. */
export async function withinInvocation<Result> (fields: InvocationFields, run: () => Promise<Result>): Promise<Result> {
  return await current.run(fields, run)
}

/**
 * Whether each invocation is a cold start: the first one only, and only when the platform says the instance was
 * initialised for it (on Lambda, AWS_LAMBDA_INITIALIZATION_TYPE `on-demand`; provisioned concurrency, SnapStart and
 * Managed Instances initialise ahead).
 */
export function coldStarts (initialisedForFirst: boolean): () => boolean {
  let cold = initialisedForFirst
  return () => {
    const first = cold
    cold = false
    return first
  }
}
