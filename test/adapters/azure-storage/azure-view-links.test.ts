// View URLs through the real SDK against Azurite, fetched as a browser does, with plain fetch: signed with the account
// key (a connection string), they read their one blob until they expire and nothing else.
import { AnonymousCredential, BlobServiceClient } from '@azure/storage-blob'
import t from 'tap'
import { AzureBlobStore } from '../../../src/adapters/azure-storage/azure-blob-store.ts'
import { AzureViewLinks } from '../../../src/adapters/azure-storage/azure-view-links.ts'
import { createBlobServiceClient } from '../../../src/adapters/azure-storage/storage-clients.ts'
import { azurite, azuriteAccess, freshContainer } from './azurite-server.ts'

async function setUp (viewSeconds: number, now?: () => Date): Promise<{ links: AzureViewLinks, store: AzureBlobStore }> {
  const container = await freshContainer()
  const store = new AzureBlobStore(container)
  await store.put('thumbnails/200x200/a.jpg', 'first thumbnail', { contentType: 'image/jpeg' })
  await store.put('thumbnails/400x400/a.jpg', 'second thumbnail', { contentType: 'image/jpeg' })
  return { links: new AzureViewLinks(createBlobServiceClient(await azuriteAccess()), container.containerName, { viewSeconds }, now), store }
}

t.test('each URL reads its blob with plain fetch, with its content type, and is signed with the account key', async (t) => {
  const { links } = await setUp(900)
  const urls = await links.viewUrls(['thumbnails/200x200/a.jpg', 'thumbnails/400x400/a.jpg'])
  t.equal(urls.length, 2)
  const first = await fetch(urls[0])
  t.equal(first.status, 200)
  t.equal(first.headers.get('content-type'), 'image/jpeg')
  t.equal(await first.text(), 'first thumbnail')
  t.equal(await (await fetch(urls[1])).text(), 'second thumbnail')
  const query = new URL(urls[0]).searchParams
  t.equal(query.get('sp'), 'r', 'read only')
  t.equal(query.get('sr'), 'b', 'one blob')
  t.equal(query.get('skoid'), null, 'no user delegation key')
  t.ok(urls[0].startsWith(`${(await azurite()).blobEndpoint}/`), 'on the account\'s endpoint')
})

t.test('no keys, no URLs', async (t) => {
  const { links } = await setUp(900)
  t.same(await links.viewUrls([]), [])
})

t.test('a URL is refused for another blob, and for a write', async (t) => {
  const { links } = await setUp(900)
  const [url] = await links.viewUrls(['thumbnails/200x200/a.jpg'])
  const other = new URL(url)
  other.pathname = other.pathname.replace('200x200', '400x400')
  t.equal((await fetch(other)).status, 403, 'another blob')
  const write = await fetch(url, { method: 'PUT', body: 'replaced', headers: { 'x-ms-blob-type': 'BlockBlob' } })
  t.equal(write.status, 403, 'a write')
  t.equal(await (await fetch(url)).text(), 'first thumbnail', 'the blob is unchanged')
})

t.test('a URL is refused once its lifetime has passed', async (t) => {
  const { links } = await setUp(1)
  const [url] = await links.viewUrls(['thumbnails/200x200/a.jpg'])
  t.equal((await fetch(url)).status, 200, 'within its second')
  // Expiry is signed to the second, and compared with the server's clock.
  await new Promise((resolve) => setTimeout(resolve, 2_500))
  const refused = await fetch(url)
  t.equal(refused.status, 403)
  t.match(await refused.text(), /AuthenticationFailed|AuthorizationFailure/)
})

t.test('a URL made with a clock fifteen minutes behind has expired already', async (t) => {
  const { links } = await setUp(600, () => new Date(Date.now() - 15 * 60_000))
  const [url] = await links.viewUrls(['thumbnails/200x200/a.jpg'])
  t.equal((await fetch(url)).status, 403)
})

t.test('a client with neither an account key nor a token credential cannot sign', async (t) => {
  const service = new BlobServiceClient((await azurite()).blobEndpoint, new AnonymousCredential())
  await t.rejects(new AzureViewLinks(service, 'images', { viewSeconds: 60 }).viewUrls(['a']),
    { message: 'view links need an account key or a token credential; the client has neither' })
})
