// The Cosmos-compatible server the Cosmos DB adapter's tests run against: @vercel/cosmosdb-server over plain HTTP on
// a free loopback port, one per test file (tap runs each file in its own process), and a fresh database per test.
import { randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import { createHttpServer } from '@vercel/cosmosdb-server'
import t from 'tap'
import { createCosmosClient, type CosmosLocation } from '../../../src/adapters/cosmos/cosmos-client.ts'
import type { CosmosContainerNames } from '../../../src/adapters/cosmos/cosmos-containers.ts'
import { ensureCosmosContainers } from '../../../local/ensure-cosmos-containers.ts'
import { freePort } from '../../../local/free-port.ts'

type Test = { teardown: (fn: () => unknown) => void }

let server: Promise<string> | undefined

/** The endpoint of this file's server, started on first use and closed when the file's tests end. */
export function cosmosServer (): Promise<string> {
  if (server === undefined) {
    server = freePort().then(async (port) => {
      const started: Server = createHttpServer()
      await new Promise<void>((resolve) => started.listen(port, '127.0.0.1', resolve))
      t.teardown(async () => await new Promise((resolve) => started.close(resolve)))
      return `http://127.0.0.1:${port}`
    })
  }
  return server
}

/** What a store is built from: where the server is, and the database with its three containers. */
export interface CosmosFixture { location: CosmosLocation, databaseId: string, names: CosmosContainerNames }

/** A fresh database with the stores' containers on this file's server. */
export async function freshCosmos (test: Test): Promise<CosmosFixture> {
  const location = { endpoint: await cosmosServer(), key: 'bG9jYWw=' }
  const databaseId = `test-${randomUUID()}`
  const names = { items: 'items', orders: 'orders', idempotency: 'idempotency' }
  const client = createCosmosClient(location)
  test.teardown(() => client.dispose())
  await ensureCosmosContainers(client, databaseId, names)
  return { location, databaseId, names }
}
