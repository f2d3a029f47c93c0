// The Azurite the Azure Storage adapters' tests run against (local/azurite.ts): one per test file, under Node 24, in
// memory, closed when the file's tests end; a fresh queue or container per test.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { createBlobContainerClient, createQueueClient, type StorageAccess } from '../../../src/adapters/azure-storage/storage-clients.ts'
import { startAzurite, type Azurite } from '../../../local/azurite.ts'

let started: Promise<Azurite> | undefined

/** This file's Azurite, started on first use. */
export function azurite (): Promise<Azurite> {
  started ??= startAzurite().then((server) => {
    t.teardown(server.close)
    return server
  })
  return started
}

/** This file's Azurite, reached with its account key. */
export const azuriteAccess = async (): Promise<StorageAccess> => ({ connectionString: (await azurite()).connectionString })

/** Names Queue and Blob Storage accept: lower case letters, digits and dashes. */
export const freshName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`

/** A new, empty queue. */
export async function freshQueue (access?: StorageAccess): Promise<ReturnType<typeof createQueueClient>> {
  const queue = createQueueClient(access ?? await azuriteAccess(), freshName('orders'))
  await queue.create()
  return queue
}

/** A new, empty container. */
export async function freshContainer (access?: StorageAccess): Promise<ReturnType<typeof createBlobContainerClient>> {
  const container = createBlobContainerClient(access ?? await azuriteAccess(), freshName('images'))
  await container.create()
  return container
}
