// The InvocationContext the local Functions host gives each invocation: an id of its own, the function's name, what
// the trigger adds (its metadata, the retry context), and the host's console for the invocation's log lines. The
// functions' lines are the JSON lines pino wrote (src/platforms/azure/invocation-logs.ts): the console prints each as
// it is, one per line, as the host prints its workers' lines.
import { randomUUID } from 'node:crypto'
import { format } from 'node:util'
import functions, { type InvocationContext, type InvocationContextInit, type LogHandler } from '@azure/functions'

/** Where the invocations' log lines go: this process's stdout. */
export const hostConsole: LogHandler = (_level, ...args) => {
  process.stdout.write(`${format(...args)}\n`)
}

export function hostContext (functionName: string, init: Omit<InvocationContextInit, 'functionName'> = {}): InvocationContext {
  return new functions.InvocationContext({ invocationId: randomUUID(), functionName, logHandler: hostConsole, ...init })
}
