// Why start-up failed, in one line that names the cause and the fix: what `npm run dev` and `npm run offline` print
// before exiting non-zero, never a stack trace.
import { ConfigError } from '../src/config.ts'

/** A start-up failure whose message already says what is wrong and what to do. */
export class StartupError extends Error {
  constructor (message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'StartupError'
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'])

const codeOf = (error: unknown): string | undefined => {
  const { code, cause } = (error ?? {}) as { code?: unknown, cause?: unknown }
  return typeof code === 'string' ? code : cause === undefined ? undefined : codeOf(cause)
}

/** The data folder's database is open in another process: a second `npm run dev`, or `npm run offline`. */
export function dataFolderInUse (dataDir: string, cause: unknown): StartupError {
  return new StartupError(`The data folder ${dataDir} is in use by another process (is \`npm run dev\` or \`npm run offline\` ` +
    'already running?). Stop that process, or set DATA_DIR to another folder.', { cause })
}

/** Listening failed: the port is taken or needs privileges. Other errors pass through. */
export function listenFailure (error: unknown, where: { host: string, port: number }): unknown {
  const code = codeOf(error)
  if (code === 'EADDRINUSE') {
    return new StartupError(`Port ${where.port} on ${where.host} is already in use (another \`npm run dev\`?). ` +
      'Stop that process, or set PORT to a free port (PORT=0 picks one).', { cause: error })
  }
  if (code === 'EACCES') {
    return new StartupError(`Port ${where.port} on ${where.host} needs privileges this process does not have. ` +
      'Set PORT to a port above 1023.', { cause: error })
  }
  if (code === 'EADDRNOTAVAIL') {
    return new StartupError(`HOST=${where.host} is not an address of this machine. Set HOST to one of its addresses, ` +
      'such as 127.0.0.1 or 0.0.0.0.', { cause: error })
  }
  return error
}

/** The configured DynamoDB endpoint did not answer. Other errors pass through. */
export function storeFailure (error: unknown, endpoint: string | undefined): unknown {
  const code = codeOf(error)
  if (endpoint === undefined || code === undefined || !UNREACHABLE.has(code)) return error
  return new StartupError(`DynamoDB at ${endpoint} cannot be reached (${code}). Start it, or unset DYNAMODB_ENDPOINT ` +
    'to use the embedded store.', { cause: error })
}

/** The one line a failed start-up prints. */
export function startupFailureLine (error: unknown): string {
  if (error instanceof StartupError || error instanceof ConfigError) return error.message
  const message = error instanceof Error ? error.message : String(error)
  return `items-api failed to start: ${message.split('\n', 1)[0]}`
}

/**
 * Starts a local system for a command until Ctrl-C or SIGTERM, which stop everything started, during the start as
 * after it, before the process exits. A failed start is its one line on stderr and exit status 1 (`start` has stopped
 * whatever it had started). Undefined when a signal came during the start.
 */
export async function runUntilSignal<System extends { close: () => Promise<void> }> (start: () => Promise<System>): Promise<System | undefined> {
  let stopping = false
  const started = start()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true
      started.then(async (system) => { await system.close() }).then(() => process.exit(0), () => process.exit(1))
    })
  }
  const system = await started.catch((error: unknown) => {
    process.stderr.write(`${startupFailureLine(error)}\n`)
    process.exit(1)
  })
  return stopping ? undefined : system
}
