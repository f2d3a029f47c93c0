// The one wrapper Azure's event-driven functions go through: each invocation runs with its fields current (every log
// line names its invocation id, function and cold start, and reaches the host through the invocation's context), and
// the counts its handler makes leave as one log line when it ends, which Application Insights keeps with the
// invocation's other traces.
import type { InvocationContext } from '@azure/functions'
import { pino, type Logger } from 'pino'
import type { FunctionSettings } from '../../config.ts'
import { loggerOptions } from '../../logger.ts'
import type { Counters } from '../../shared/counters.ts'
import { coldStarts, invocationFields } from '../../shared/invocation.ts'
import { invocationLogStream, withinAzureInvocation } from './invocation-logs.ts'

/** What a function's handler is made with: its logger, and counters for the current invocation. */
export interface AzureFunctionTools {
  log: Logger
  counters: Counters
}

/**
 * A trigger's handler: `make` builds the function's work once, as the worker loads the entry; each invocation then runs
 * it with its fields and its own counts. `log` replaces the function's logger (a test reads its lines).
 */
export function azureFunction<Input, Result> (settings: FunctionSettings,
  make: (tools: AzureFunctionTools) => (input: Input, context: InvocationContext) => Promise<Result>, log?: Logger):
  (input: Input, context: InvocationContext) => Promise<Result> {
  const { stream, ...logOptions } = loggerOptions(settings, { invocations: true, stream: invocationLogStream })
  const logger = log ?? pino(logOptions, stream)
  // Each invocation's counts by its id: invocations that overlap in one worker keep their own.
  const invocationCounts = new Map<string, Map<string, number>>()
  const counters: Counters = {
    count: (name, value = 1) => {
      const counts = invocationCounts.get(String(invocationFields().invocation_id))
      counts?.set(name, (counts.get(name) ?? 0) + value)
    }
  }
  const handle = make({ log: logger, counters })
  const isColdStart = coldStarts(true)
  return async (input, context) => {
    const counts = new Map<string, number>()
    invocationCounts.set(context.invocationId, counts)
    return await withinAzureInvocation(context, isColdStart(), async () => {
      try {
        return await handle(input, context)
      } finally {
        invocationCounts.delete(context.invocationId)
        if (counts.size > 0) logger.info({ counts: Object.fromEntries(counts) }, 'invocation counts')
      }
    })
  }
}
