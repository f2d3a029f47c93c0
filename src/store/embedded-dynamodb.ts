// The embedded DynamoDB (dynalite) for laptops and tests: in-process, on a free loopback port.
import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import dynalite from 'dynalite'

export interface EmbeddedDynamoDb {
  /** http://127.0.0.1:<port>, for DYNAMODB_ENDPOINT-style use. */
  endpoint: string
  /** Where the data lives, or undefined when it is kept in memory. */
  dataDir: string | undefined
  close: () => Promise<void>
}

/** Starts dynalite; with a data directory its tables survive a restart, without one they live in memory. */
export async function startEmbeddedDynamoDb (dataDir?: string): Promise<EmbeddedDynamoDb> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true })
  // Tables become ACTIVE at once: there is no provisioning to wait for on a laptop.
  const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    dataDir,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => error ? reject(error) : resolve())
    })
  }
}
