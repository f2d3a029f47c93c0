// The Lambda invocation being handled, so that every log line written while handling it can name it.
import { AsyncLocalStorage } from 'node:async_hooks'

export interface InvocationFields {
  aws_request_id: string
  function_name: string
  /** True for the first invocation this execution environment handles, the one that paid for the init. */
  cold_start: boolean
}

const current = new AsyncLocalStorage<InvocationFields>()

/** The current invocation's fields, or none outside an invocation (local server, init phase). */
export function invocationFields (): InvocationFields | Record<string, never> {
  return current.getStore() ?? {}
}

export function withinInvocation<Result> (fields: InvocationFields, run: () => Result): Result {
  return current.run(fields, run)
}
