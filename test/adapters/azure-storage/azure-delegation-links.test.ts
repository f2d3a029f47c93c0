// A token credential, as on Azure with a managed identity, and view URLs signed with a user delegation key: against
// Azurite over HTTPS with its basic OAuth, which checks a bearer token's audience, issuer and lifetime (not its
// signature) and issues delegation keys whose SAS it verifies.
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccessToken, TokenCredential } from '@azure/core-auth'
import t from 'tap'
import { AzureBlobStore } from '../../../src/adapters/azure-storage/azure-blob-store.ts'
import { AzureSignedLinks } from '../../../src/adapters/azure-storage/azure-signed-links.ts'
import { AzureOrderQueue } from '../../../src/adapters/azure-storage/azure-order-queue.ts'
import { createBlobContainerClient, createBlobServiceClient, createQueueClient } from '../../../src/adapters/azure-storage/storage-clients.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import { startAzurite } from '../../../local/azurite.ts'
import { freePort } from '../../../local/free-port.ts'

// Azurite's certificate is this file's own, self-signed: neither the SDK nor fetch can be given it without a restart.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'
process.removeAllListeners('warning')

const folder = await mkdtemp(join(tmpdir(), 'azurite-tls-'))
t.teardown(async () => await rm(folder, { recursive: true, force: true }))
const tls = { cert: join(folder, 'cert.pem'), key: join(folder, 'key.pem') }
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
  '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', tls.key, '-out', tls.cert], { stdio: 'ignore' })
const server = await startAzurite({ tls })
t.teardown(server.close)

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** What a managed identity's credential gives: a bearer token for Storage, of one tenant and one principal. */
class TestIdentity implements TokenCredential {
  tokens = 0
  async getToken (): Promise<AccessToken> {
    this.tokens++
    const now = Math.floor(Date.now() / 1000)
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47'
    const claims = { aud: 'https://storage.azure.com', iss: `https://sts.windows.net/${tenant}/`, iat: now, nbf: now, exp: now + 3600, oid: '11059fcc-5514-4800-b5f8-49808b9cfab6', tid: tenant }
    return { token: `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.c2lnbmF0dXJl`, expiresOnTimestamp: (now + 3600) * 1000 }
  }
}

const identity = new TestIdentity()
const access = { serviceUrl: server.blobEndpoint, credential: identity }
const container = createBlobContainerClient(access, 'images')
await container.create()
const store = new AzureBlobStore(container)
await store.put('thumbnails/200x200/a.jpg', 'a thumbnail', { contentType: 'image/jpeg', metadata: { 'source-key': 'uploads/a.jpg' } })

t.test('the token credential reaches the store: put and get go with a bearer token', async (t) => {
  t.equal(Buffer.from((await store.get('thumbnails/200x200/a.jpg'))!).toString(), 'a thumbnail')
  t.ok(identity.tokens >= 1)
})

t.test('the queue, too, sends with a bearer token', async (t) => {
  const queue = createQueueClient({ serviceUrl: server.queueEndpoint, credential: identity }, 'orders')
  await queue.create()
  await new AzureOrderQueue(queue).send([{ order_id: 'ORD-20240110-00000001', action: 'update_inventory', data: { items: ['a'] } }])
  const { receivedMessageItems: [received] } = await queue.receiveMessages()
  t.same(JSON.parse(Buffer.from(received.messageText, 'base64').toString()), { order_id: 'ORD-20240110-00000001', action: 'update_inventory', data: { items: ['a'] } })
})

t.test('a URL signed with a user delegation key reads its blob, and no other', async (t) => {
  const links = new AzureSignedLinks(createBlobServiceClient(access), 'images', { uploadSeconds: 600, viewSeconds: 900 })
  const [url] = await links.viewUrls(['thumbnails/200x200/a.jpg'])
  const query = new URL(url).searchParams
  t.equal(query.get('skoid'), '11059fcc-5514-4800-b5f8-49808b9cfab6', 'the principal\'s key')
  t.equal(query.get('sp'), 'r')
  const read = await fetch(url)
  t.equal(read.status, 200)
  t.equal(await read.text(), 'a thumbnail')
  const other = new URL(url)
  other.pathname = other.pathname.replace('a.jpg', 'b.jpg')
  t.equal((await fetch(other)).status, 403)
})

t.test('an upload URL signed with a user delegation key writes its one blob, which then reads back', async (t) => {
  const links = new AzureSignedLinks(createBlobServiceClient(access), 'images', { uploadSeconds: 600, viewSeconds: 900 })
  const form = await links.uploadForm('uploads/item-1/u-1.webp', { contentType: 'image/webp', maxBytes: 10 })
  t.equal(new URL(form.url).searchParams.get('skoid'), '11059fcc-5514-4800-b5f8-49808b9cfab6', 'the principal\'s key')
  t.equal((await fetch(form.url, { method: 'PUT', headers: form.headers, body: 'an image' })).status, 201)
  const [view] = await links.viewUrls(['uploads/item-1/u-1.webp'])
  const read = await fetch(view)
  t.equal(read.headers.get('content-type'), 'image/webp', 'with the content type the headers gave')
  t.equal(await read.text(), 'an image')
})

t.test('a delegation key is asked for once, and again when it would expire before the URL', async (t) => {
  let clock = Date.now()
  const links = new AzureSignedLinks(createBlobServiceClient(access), 'images', { uploadSeconds: 600, viewSeconds: 900 }, () => new Date(clock))
  const keyExpiry = async (): Promise<string | null> => new URL((await links.viewUrls(['thumbnails/200x200/a.jpg']))[0]).searchParams.get('ske')
  const first = await keyExpiry()
  clock += 10 * 60_000
  t.equal(await keyExpiry(), first, 'ten minutes on, the same key: it outlives the URL')
  clock += 50 * 60_000
  const renewed = await keyExpiry()
  t.not(renewed, first, 'an hour on, a new key')
  t.ok(new Date(renewed!).getTime() >= clock + 900_000, 'that outlives the URL')
})

t.test('a delegation key that cannot be had is StoreUnavailableError, and is asked for again next time', async (t) => {
  const down = { serviceUrl: `https://127.0.0.1:${await freePort()}/devstoreaccount1`, credential: identity }
  const links = new AzureSignedLinks(createBlobServiceClient(down), 'images', { uploadSeconds: 600, viewSeconds: 900 })
  await t.rejects(links.viewUrls(['a.jpg']), StoreUnavailableError)
  await t.rejects(links.viewUrls(['a.jpg']), StoreUnavailableError)
})
