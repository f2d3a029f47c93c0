// A Blob Storage that is down, failing, throttling or hanging: the blob store throws StoreUnavailableError (the API's
// 503), as the S3 adapter does, after the client's tries (STORAGE_LIMITS); the queue refuses every message.
import t from 'tap'
import { AzureBlobStore } from '../../../src/adapters/azure-storage/azure-blob-store.ts'
import { AzureOrderQueue } from '../../../src/adapters/azure-storage/azure-order-queue.ts'
import { STORAGE_LIMITS, createBlobContainerClient, createQueueClient } from '../../../src/adapters/azure-storage/storage-clients.ts'
import { isStorageUnavailable } from '../../../src/adapters/azure-storage/storage-errors.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import { freePort } from '../../../local/free-port.ts'
import { connectionStringAt, faultyServer } from './faulty-server.ts'

const storeAt = (endpoint: string): AzureBlobStore =>
  new AzureBlobStore(createBlobContainerClient({ connectionString: connectionStringAt(endpoint) }, 'images'))

const calls = (store: AzureBlobStore): Array<[string, () => Promise<unknown>]> => [
  ['get', async () => await store.get('k')],
  ['put', async () => await store.put('k', 'x', { contentType: 'text/plain' })],
  ['delete', async () => await store.delete(['k', 'l'])]
]

t.test('nothing listening: every call is StoreUnavailableError, its cause the refused connection', async (t) => {
  const store = storeAt(`http://127.0.0.1:${await freePort()}/devstoreaccount1`)
  for (const [name, call] of calls(store)) {
    const error = await call().catch((error: unknown) => error)
    t.type(error, StoreUnavailableError, name)
    t.equal((error as Error).cause instanceof Error && ((error as Error).cause as { code?: string }).code, 'ECONNREFUSED', name)
  }
})

for (const status of [500, 503]) {
  t.test(`a ${status} on every try: StoreUnavailableError after ${STORAGE_LIMITS.maxTries} tries`, async (t) => {
    const server = await faultyServer(t, status)
    const store = storeAt(server.endpoint)
    for (const [name, call] of calls(store)) {
      const before = server.requests()
      const error = await call().catch((error: unknown) => error)
      t.type(error, StoreUnavailableError, name)
      t.equal(((error as Error).cause as { statusCode?: number }).statusCode, status, name)
      // A delete of two keys makes two calls.
      t.equal(server.requests() - before, STORAGE_LIMITS.maxTries * (name === 'delete' ? 2 : 1), `${name}: tries`)
    }
  })
}

t.test('a 429 (throttled) is StoreUnavailableError', async (t) => {
  const server = await faultyServer(t, 429)
  for (const [name, call] of calls(storeAt(server.endpoint))) {
    t.type(await call().catch((error: unknown) => error), StoreUnavailableError, name)
  }
})

t.test('a server that never answers: StoreUnavailableError at the call\'s deadline, the SDK timing no try', async (t) => {
  const server = await faultyServer(t, 'hang')
  const started = Date.now()
  const error = await storeAt(server.endpoint).get('k').catch((error: unknown) => error)
  const took = Date.now() - started
  t.type(error, StoreUnavailableError)
  t.ok(took >= STORAGE_LIMITS.deadlineMs - 50 && took <= STORAGE_LIMITS.deadlineMs + 1_000, `gave up after ${took} ms`)
  t.equal(server.requests(), 1, 'one try: tryTimeoutInMs is the service\'s timeout, sent in the URL')
})

t.test('the queue on a busy server refuses every message, with the status', async (t) => {
  const server = await faultyServer(t, 503)
  const queue = new AzureOrderQueue(createQueueClient({ connectionString: connectionStringAt(server.endpoint) }, 'orders'))
  await t.rejects(queue.send([{ order_id: 'ORD-20240110-00000001', action: 'update_inventory', data: { items: ['a'] } }]),
    { name: 'QueueMessagesRefusedError', refused: 1, total: 1, message: 'Queue Storage did not accept 1 of 1 message(s): ServerBusy (503)' })
})

t.test('what is not an Error, or a refusal of the request, is not unavailability', async (t) => {
  t.notOk(isStorageUnavailable('ECONNREFUSED'))
  t.notOk(isStorageUnavailable(Object.assign(new Error('bad'), { statusCode: 400, code: 'InvalidMetadata' })))
  t.ok(isStorageUnavailable(Object.assign(new Error('gone'), { code: 'ECONNRESET' })))
  t.ok(isStorageUnavailable(Object.assign(new Error('late'), { name: 'AbortError' })))
})
