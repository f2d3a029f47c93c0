// Logger options for pino: JSON everywhere, pretty only when a person watches a development terminal.
import { destination, type DestinationStream, type LoggerOptions } from 'pino'
import type { FunctionSettings } from './config.ts'
import { invocationFields } from './shared/invocation.ts'

function prettyAvailable (): boolean {
  try {
    import.meta.resolve('pino-pretty')
    return true
  } catch {
    return false
  }
}

/** Adds the invocation's fields to a line's own object, which pino made or was handed for this line alone. */
function withInvocation (line: object, invocation: object): object {
  for (const [name, value] of Object.entries(invocation)) {
    if (!(name in line)) (line as Record<string, unknown>)[name] = value
  }
  return line
}

export interface LoggerUse {
  /**
   * In a platform's function (Lambda): every line written before the invocation returns, since the process may be
   * frozen once it has, and carrying the invocation's fields. Elsewhere pino's asynchronous writes keep logging off
   * the request's path.
   */
  invocations?: boolean
  /** Whether a person watches the output: pretty lines in development, when pino-pretty is installed. */
  terminal?: boolean
  /** Where a platform's function writes its lines (Azure: to each invocation's context); stdout, synchronously, by default. */
  stream?: DestinationStream
}

export function loggerOptions (config: FunctionSettings, { invocations = false, terminal = process.stdout.isTTY === true, stream }: LoggerUse = {}):
LoggerOptions & { stream?: DestinationStream } {
  const pretty = terminal && config.environment === 'dev' && prettyAvailable()
  return {
    ...(invocations && !pretty ? { stream: stream ?? destination({ dest: 1, sync: true }) } : {}),
    level: config.logLevel,
    base: { service: config.serviceName, environment: config.environment },
    // "level": "info" rather than 30: what CloudWatch Logs Insights queries and Lambda's log-level filter read.
    formatters: { level: (label) => ({ level: label }) },
    // The invocation's id, function name and cold-start flag on every line, added to the line's own fields (pino's
    // default merge would copy every field of the line into the invocation's object instead).
    ...(invocations ? { mixin: invocationFields, mixinMergeStrategy: withInvocation } : {}),
    // Request headers may hold credentials: keep them out of logs.
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service,environment' } } } : {})
  }
}
