// The Blob Storage adapter through the real SDK against Azurite: what is put is got back with its content type,
// cache control and metadata; a missing blob is undefined and deleting one is no error.
import t from 'tap'
import { AzureBlobStore, metadataName } from '../../../src/adapters/azure-storage/azure-blob-store.ts'
import { createBlobContainerClient } from '../../../src/adapters/azure-storage/storage-clients.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import { AZURITE_ACCOUNT } from '../../../local/azurite.ts'
import { azurite, azuriteAccess, freshContainer, freshName } from './azurite-server.ts'

t.test('a put blob is got back byte for byte, with its content type, cache control and metadata', async (t) => {
  const container = await freshContainer()
  const store = new AzureBlobStore(container)
  const bytes = new Uint8Array(300_000).map((_, n) => (n * 7) % 256)
  await store.put('thumbnails/200x200/uploads/a/b.jpg', bytes, {
    contentType: 'image/jpeg',
    cacheControl: 'private, max-age=31536000, immutable',
    metadata: { 'source-key': 'uploads/a/b.jpg', size: '200x150', '1st': 'yes' }
  })
  t.same(await store.get('thumbnails/200x200/uploads/a/b.jpg'), bytes)
  const properties = await container.getBlobClient('thumbnails/200x200/uploads/a/b.jpg').getProperties()
  t.equal(properties.contentType, 'image/jpeg')
  t.equal(properties.cacheControl, 'private, max-age=31536000, immutable')
  t.same(properties.metadata, { source_key: 'uploads/a/b.jpg', size: '200x150', _1st: 'yes' }, 'names Blob Storage accepts')
})

t.test('a string body is stored as its UTF-8 bytes; no metadata or cache control is none', async (t) => {
  const container = await freshContainer()
  const store = new AzureBlobStore(container)
  await store.put('reports/2024-01-10.json', '{"total":"€1"}', { contentType: 'application/json' })
  t.equal(Buffer.from((await store.get('reports/2024-01-10.json'))!).toString('utf8'), '{"total":"€1"}')
  const properties = await container.getBlobClient('reports/2024-01-10.json').getProperties()
  t.equal(properties.contentType, 'application/json')
  t.equal(properties.cacheControl, undefined)
  t.same(properties.metadata, {})
})

t.test('a put replaces the blob at its key', async (t) => {
  const store = new AzureBlobStore(await freshContainer())
  await store.put('k', 'first', { contentType: 'text/plain' })
  await store.put('k', 'second', { contentType: 'text/plain' })
  t.equal(Buffer.from((await store.get('k'))!).toString(), 'second')
})

t.test('an empty blob is got as no bytes, not as missing', async (t) => {
  const store = new AzureBlobStore(await freshContainer())
  await store.put('empty', new Uint8Array(), { contentType: 'application/octet-stream' })
  t.same(await store.get('empty'), new Uint8Array())
})

t.test('a missing blob is undefined', async (t) => {
  t.equal(await new AzureBlobStore(await freshContainer()).get('no/such/blob'), undefined)
})

t.test('delete removes every key given; a missing one is no error, and no keys is nothing to do', async (t) => {
  const store = new AzureBlobStore(await freshContainer())
  await store.put('a', 'a', { contentType: 'text/plain' })
  await store.put('b', 'b', { contentType: 'text/plain' })
  await store.delete(['a', 'b', 'never-put'])
  t.equal(await store.get('a'), undefined)
  t.equal(await store.get('b'), undefined)
  await store.delete(['a'])
  await store.delete([])
})

t.test('metadata names become C# identifiers, as Blob Storage requires (it refuses `source-key`)', async (t) => {
  t.equal(metadataName('source-key'), 'source_key')
  t.equal(metadataName('source.size'), 'source_size')
  t.equal(metadataName('2x'), '_2x')
  t.equal(metadataName('size'), 'size')
  const container = await freshContainer()
  await t.rejects(container.getBlockBlobClient('raw').upload('x', 1, { metadata: { 'source-key': 'x' } }), { code: 'InvalidMetadata', statusCode: 400 },
    'Azurite refuses the name as Azure does')
})

t.test('a missing container is a fault, not a missing blob: passed on as the SDK threw it', async (t) => {
  const store = new AzureBlobStore(createBlobContainerClient(await azuriteAccess(), freshName('missing')))
  await t.rejects(store.get('k'), { code: 'ContainerNotFound', statusCode: 404 })
  await t.rejects(store.put('k', 'x', { contentType: 'text/plain' }), { code: 'ContainerNotFound', statusCode: 404 })
  await t.rejects(store.delete(['k']), { code: 'ContainerNotFound', statusCode: 404 })
})

t.test('a refused key is a fault, not unavailability: passed on as the SDK threw it', async (t) => {
  const container = await freshContainer()
  const wrongKey = (await azurite()).connectionString.replace(AZURITE_ACCOUNT.key, Buffer.from('not the key').toString('base64'))
  const store = new AzureBlobStore(createBlobContainerClient({ connectionString: wrongKey }, container.containerName))
  const refused = { statusCode: 403, code: 'AuthorizationFailure' }
  await t.rejects(store.get('k'), refused)
  await t.rejects(store.put('k', 'x', { contentType: 'text/plain' }), refused)
  await t.rejects(store.delete(['k']), refused)
  t.notOk(await store.get('k').then(() => true, (error: unknown) => error instanceof StoreUnavailableError), 'not StoreUnavailableError')
})
