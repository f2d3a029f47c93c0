// Before `npm run local` starts anything: every port it will bind is free, or one line names the port and the setting
// to change. Checked up front, a taken port stops the start before DynamoDB Local's Java process exists at all.
import { once } from 'node:events'
import { createServer } from 'node:net'
import { StartupError } from './startup-errors.ts'

export interface WantedPort {
  port: number
  /** The address the server binds; DynamoDB Local binds every interface (it has no setting for an address). */
  host: string
  /** The variable that sets the port. */
  variable: string
  /** What listens there. */
  server: string
}

/** Whether something already listens on `port` at `host` (or it cannot be bound for another reason). */
async function bindError (port: number, host: string): Promise<NodeJS.ErrnoException | undefined> {
  const probe = createServer()
  probe.listen({ port, host, exclusive: true })
  const [outcome] = await Promise.race([once(probe, 'listening').then(() => [undefined]), once(probe, 'error')]) as [NodeJS.ErrnoException | undefined]
  if (outcome === undefined) {
    probe.close()
    await once(probe, 'close')
  }
  return outcome
}

/** Resolves when every wanted port (0: any free one, not checked) can be bound; else the one line for the first that cannot. */
export async function requireFreePorts (wanted: WantedPort[]): Promise<void> {
  for (const { port, host, variable, server } of wanted.filter((candidate) => candidate.port !== 0)) {
    const error = await bindError(port, host)
    if (error === undefined) continue
    const why = error.code === 'EADDRINUSE' ? 'is already in use (another `npm run local`?)' : `cannot be bound (${error.code ?? error.message})`
    throw new StartupError(`Port ${port} for ${server} ${why}. Stop what holds it, or set ${variable} to a free port.`, { cause: error })
  }
}
