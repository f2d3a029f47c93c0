// The log lines of Azure's invocations, handed to the host through each invocation's InvocationContext: the host
// records each as a trace of that invocation (its InvocationId, the function's category, the line's severity), which
// Application Insights keeps in `traces` and its live metrics show. The line is the JSON line pino wrote, so its fields
// are in `message` for Kusto's `parse_json`. A line written outside an invocation (the worker loading an entry) goes
// to stdout, which the host keeps as the worker's console output.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { InvocationContext } from '@azure/functions'
import type { DestinationStream } from 'pino'
import { withinInvocation } from '../../shared/invocation.ts'

const contexts = new AsyncLocalStorage<InvocationContext>()

/** pino's level labels (logger.ts writes them) as the context's methods: the host has no level above error. */
const CONTEXT_METHODS = { trace: 'trace', debug: 'debug', info: 'info', warn: 'warn', error: 'error', fatal: 'error' } as const
/** The label pino writes first on every line. */
const LEVEL = /^\{"level":"(\w+)"/

/** pino's destination in Azure's functions: the current invocation's context, or stdout outside one. */
export const invocationLogStream: DestinationStream = {
  write (line: string): void {
    const context = contexts.getStore()
    if (context === undefined) {
      process.stdout.write(line)
      return
    }
    const method = CONTEXT_METHODS[LEVEL.exec(line)?.[1] as keyof typeof CONTEXT_METHODS] ?? 'info'
    context[method](line.endsWith('\n') ? line.slice(0, -1) : line)
  }
}

/**
 * Runs one invocation with its context and its fields current (every line names it, and reaches the host through it):
 * invocations that overlap in one worker keep their own.
 */
export async function withinAzureInvocation<Result> (context: InvocationContext, coldStart: boolean, run: () => Promise<Result>): Promise<Result> {
  const fields = { invocation_id: context.invocationId, function_name: context.functionName, cold_start: coldStart }
  return await contexts.run(context, async () => await withinInvocation(fields, run))
}
