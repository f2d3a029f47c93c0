// Upload and view URLs through the real SDK against Azurite, used as a browser does, with plain fetch: signed with the
// account key (a connection string), an upload URL writes its one blob until it expires, a view URL reads its one blob
// until it expires, and neither does anything else.
import { AnonymousCredential, BlobServiceClient } from '@azure/storage-blob'
import t from 'tap'
import { AzureBlobStore } from '../../../src/adapters/azure-storage/azure-blob-store.ts'
import { AzureSignedLinks } from '../../../src/adapters/azure-storage/azure-signed-links.ts'
import { createBlobServiceClient } from '../../../src/adapters/azure-storage/storage-clients.ts'
import { azurite, azuriteAccess, freshContainer } from './azurite-server.ts'

async function setUp (viewSeconds: number, now?: () => Date): Promise<{ links: AzureSignedLinks, store: AzureBlobStore, container: string }> {
  const container = await freshContainer()
  const store = new AzureBlobStore(container)
  await store.put('thumbnails/200x200/a.jpg', 'first thumbnail', { contentType: 'image/jpeg' })
  await store.put('thumbnails/400x400/a.jpg', 'second thumbnail', { contentType: 'image/jpeg' })
  const links = new AzureSignedLinks(createBlobServiceClient(await azuriteAccess()), container.containerName, { uploadSeconds: viewSeconds, viewSeconds }, now)
  return { links, store, container: container.containerName }
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
  await t.rejects(new AzureSignedLinks(service, 'images', { uploadSeconds: 60, viewSeconds: 60 }).viewUrls(['a']),
    { message: 'signed links need an account key or a token credential; the client has neither' })
})

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])
const put = async (form: { url: string, headers: Record<string, string> }, body: Uint8Array | string, url = form.url): Promise<Response> =>
  await fetch(url, { method: 'PUT', headers: form.headers, body })

t.test('an upload is a PUT of the image to its blob\'s URL, with the headers given, and lands with its content type', async (t) => {
  const { links, store } = await setUp(600)
  const before = Date.now()
  const form = await links.uploadForm('uploads/item-1/u-1.jpg', { contentType: 'image/jpeg', maxBytes: 10 })
  t.equal(form.method, 'PUT')
  t.same(form.fields, {}, 'no form fields')
  t.same(form.headers, { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': 'image/jpeg' })
  t.ok(Math.abs(form.expiresAt.getTime() - (before + 600_000)) < 5_000, 'expires in the upload lifetime')
  const query = new URL(form.url).searchParams
  t.equal(query.get('sp'), 'c', 'create only: no overwrite, no read, no delete')
  t.equal(query.get('sr'), 'b', 'one blob')
  t.match(new URL(form.url).pathname, /\/uploads\/item-1\/u-1\.jpg$/)
  t.equal((await put(form, JPEG)).status, 201)
  t.same(await store.get('uploads/item-1/u-1.jpg'), JPEG, 'the bytes as sent')
  t.equal((await fetch(form.url)).status, 403, 'the upload URL cannot read what it wrote')
  const overwrite = await put(form, new Uint8Array(1024))
  t.equal(overwrite.status, 403, 'nor write over it: the size its event said stays the blob\'s')
  t.same(await store.get('uploads/item-1/u-1.jpg'), JPEG, 'the first upload stays')
})

t.test('an upload URL writes no other blob, and is refused once expired', async (t) => {
  const { links, store } = await setUp(1)
  const form = await links.uploadForm('uploads/item-1/u-2.png', { contentType: 'image/png', maxBytes: 10 })
  const other = new URL(form.url)
  other.pathname = other.pathname.replace('u-2.png', 'u-3.png')
  t.equal((await put(form, JPEG, other.href)).status, 403, 'another blob')
  t.equal(await store.get('uploads/item-1/u-3.png'), undefined)
  await new Promise((resolve) => setTimeout(resolve, 2_500))
  t.equal((await put(form, JPEG)).status, 403, 'past its expiry')
  t.equal(await store.get('uploads/item-1/u-2.png'), undefined)
})
