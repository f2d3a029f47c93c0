// The embedded DynamoDB (dynalite) for laptops and tests: in-process, on a free loopback port.
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import dynalite from 'dynalite'
import { Level } from 'level'
import { dataFolderInUse } from './startup-errors.ts'

export interface EmbeddedDynamoDb {
  /** http://127.0.0.1:<port>, for DYNAMODB_ENDPOINT-style use. */
  endpoint: string
  /** Where the data lives, or undefined when it is kept in memory. */
  dataDir: string | undefined
  close: () => Promise<void>
}

/**
 * Starts dynalite; with a data directory its tables survive a restart, without one they live in memory.
 * On a free port unless `port` is given (a restart on the same endpoint).
 */
export async function startEmbeddedDynamoDb (dataDir?: string, port = 0): Promise<EmbeddedDynamoDb> {
  if (dataDir !== undefined) {
    await mkdir(dataDir, { recursive: true })
    await ensureNotInUse(dataDir)
  }
  // Tables become ACTIVE at once: there is no provisioning to wait for on a laptop.
  const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    dataDir,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => error ? reject(error) : resolve())
      // Clients keep connections alive; closing them lets the close finish now rather than when they idle out.
      server.closeAllConnections()
    })
  }
}

/**
 * dynalite opens its database lazily and throws from a callback when another process holds it, which would crash
 * the process on the first request. Opening it once here turns that into an error start-up can explain.
 */
async function ensureNotInUse (dataDir: string): Promise<void> {
  const probe = new Level(dataDir)
  try {
    await probe.open()
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') throw dataFolderInUse(dataDir, error)
    throw error
  }
  await probe.close()
}
