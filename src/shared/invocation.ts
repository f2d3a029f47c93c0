// The Lambda invocation being handled, so that every log line written while handling it can name it.
// An execution environment handles one invocation at a time (the on-demand and provisioned modes serverless.yml
// uses), so a module-level slot is enough: no AsyncLocalStorage, whose promise hooks would charge every promise.

export interface InvocationFields {
  aws_request_id: string
  function_name: string
  /** True for the first invocation this execution environment handles, the one that paid for the init. */
  cold_start: boolean
}

const NONE: Record<string, never> = Object.freeze({})
let current: InvocationFields | Record<string, never> = NONE

/** The current invocation's fields, or none outside an invocation (local server, init phase). */
export function invocationFields (): InvocationFields | Record<string, never> {
  return current
}

/** Runs one invocation with its fields current; they are cleared when it settles. */
export async function withinInvocation<Result> (fields: InvocationFields, run: () => Promise<Result>): Promise<Result> {
  current = fields
  try {
    return await run()
  } finally {
    current = NONE
  }
}

/**
 * Each invocation's fields, from its context: `cold_start` is true for the first one only, and only when Lambda's
 * AWS_LAMBDA_INITIALIZATION_TYPE is `on-demand` (provisioned concurrency and SnapStart initialise ahead).
 */
export function invocationFieldsFor (initialization: string | undefined): (context: { awsRequestId: string, functionName: string }) => InvocationFields {
  let coldStart = initialization === 'on-demand'
  return (context) => {
    const fields = { aws_request_id: context.awsRequestId, function_name: context.functionName, cold_start: coldStart }
    coldStart = false
    return fields
  }
}
