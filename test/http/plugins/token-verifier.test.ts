// The issuer's key set on a clock the test moves: kept while fresh, fetched again when stale or for an unknown kid (not
// more often than the cooldown), and after a failed fetch not asked for again until the backoff is over.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { errors, exportJWK, generateKeyPair, SignJWT, type FlattenedJWSInput, type JWK } from 'jose'
import t, { type Test } from 'tap'
import { IssuerKeys, KeysUnavailable, tokenVerifier, type KeySetTimings } from '../../../src/http/plugins/token-verifier.ts'

const TIMINGS: KeySetTimings = { timeoutMs: 200, maxAgeMs: 60_000, cooldownMs: 10_000, backoffMs: 5_000 }
const TOKEN = { payload: '', signature: '' } as FlattenedJWSInput
const header = (kid: string): { alg: string, kid: string } => ({ alg: 'RS256', kid })

/** A key set endpoint whose answer the test sets (a status and a body), counting its requests. */
async function keySetServer (t: Test): Promise<{ url: string, fetches: () => number, serve: (body: unknown, status?: number) => void }> {
  let fetches = 0
  let answer = { status: 200, body: '{"keys":[]}' }
  const server = createServer((_request, response) => {
    fetches++
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    fetches: () => fetches,
    serve: (body, status = 200) => { answer = { status, body: typeof body === 'string' ? body : JSON.stringify(body) } }
  }
}

async function publicJwk (kid: string): Promise<JWK> {
  return { ...await exportJWK((await generateKeyPair('RS256')).publicKey), kid, alg: 'RS256', use: 'sig' }
}

t.test('a good key set is fetched once and kept until it is stale; requests during a fetch share it', async (t) => {
  const server = await keySetServer(t)
  server.serve({ keys: [await publicJwk('k1')] })
  let now = 1_000_000
  const keys = new IssuerKeys(server.url, TIMINGS, () => now)
  await Promise.all(Array.from({ length: 5 }, async () => await keys.key(header('k1'), TOKEN)))
  t.equal(server.fetches(), 1, 'five requests at once, one fetch')
  now += TIMINGS.maxAgeMs - 1
  await keys.key(header('k1'), TOKEN)
  t.equal(server.fetches(), 1, 'still fresh')
  now += 1
  await keys.key(header('k1'), TOKEN)
  t.equal(server.fetches(), 2, 'stale: fetched again')
})

t.test('after a failed fetch, no other until the backoff is over; the wait left is what KeysUnavailable says', async (t) => {
  const server = await keySetServer(t)
  server.serve('{"error":"internal"}', 500)
  let now = 1_000_000
  const keys = new IssuerKeys(server.url, TIMINGS, () => now)
  await t.rejects(keys.key(header('k1'), TOKEN), { name: 'KeysUnavailable', retryAfterMs: 5_000 }, 'the failed fetch: the whole backoff')
  server.serve({ keys: [await publicJwk('k1')] })
  now += 2_000
  await t.rejects(keys.key(header('k1'), TOKEN), { name: 'KeysUnavailable', retryAfterMs: 3_000 }, 'during the backoff: what is left of it')
  now += 2_999
  await t.rejects(keys.key(header('k1'), TOKEN), { name: 'KeysUnavailable', retryAfterMs: 1 }, 'a millisecond before its end')
  t.equal(server.fetches(), 1, 'no fetch during the backoff')
  now += 1
  t.ok(await keys.key(header('k1'), TOKEN), 'the backoff over: fetched, and the key found')
  t.equal(server.fetches(), 2)

  // A stale set whose refresh fails is not used any longer: the issuer may have withdrawn a key.
  server.serve('not json')
  now += TIMINGS.maxAgeMs
  await t.rejects(keys.key(header('k1'), TOKEN), { name: 'KeysUnavailable', retryAfterMs: 5_000 })
  await t.rejects(keys.key(header('k1'), TOKEN), { name: 'KeysUnavailable' })
  t.equal(server.fetches(), 3, 'one fetch for the two')
})

t.test('every way the fetch can fail is KeysUnavailable, with what failed as its cause', async (t) => {
  const server = await keySetServer(t)
  const hanging = createServer(() => {})
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => { hanging.closeAllConnections(); hanging.close(resolve) }))
  const cases: Array<[string, () => void, string, RegExp]> = [
    ['a 500', () => server.serve('{}', 500), server.url, /answered 500/],
    ['a redirect', () => server.serve('', 302), server.url, /answered 302/],
    ['not JSON', () => server.serve('<html>'), server.url, /JSON/],
    ['JSON that is not a key set', () => server.serve({}), server.url, /malformed/],
    ['keys that are not a list', () => server.serve({ keys: 'k1' }), server.url, /malformed/],
    ['no answer', () => {}, `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/jwks.json`, /timeout|aborted/i],
    ['connection refused', () => {}, 'http://127.0.0.1:9/jwks.json', /fetch failed/]
  ]
  for (const [what, arrange, url, cause] of cases) {
    arrange()
    const error = await new IssuerKeys(url, TIMINGS).key(header('k1'), TOKEN).catch((error: unknown) => error)
    t.type(error, KeysUnavailable, what)
    t.match(String((error as Error).cause), cause, `${what}: ${String((error as Error).cause)}`)
  }
})

t.test('an unknown kid fetches the set again once the cooldown is over, and only then', async (t) => {
  const server = await keySetServer(t)
  const k1 = await publicJwk('k1')
  server.serve({ keys: [k1] })
  let now = 1_000_000
  const keys = new IssuerKeys(server.url, TIMINGS, () => now)
  await keys.key(header('k1'), TOKEN)
  server.serve({ keys: [k1, await publicJwk('k2')] })
  await t.rejects(keys.key(header('k2'), TOKEN), errors.JWKSNoMatchingKey, 'within the cooldown: not known, and not fetched')
  t.equal(server.fetches(), 1)
  now += TIMINGS.cooldownMs
  t.ok(await keys.key(header('k2'), TOKEN), 'after it: fetched again, and the new key found')
  t.equal(server.fetches(), 2)
  now += TIMINGS.cooldownMs
  await t.rejects(keys.key(header('k3'), TOKEN), errors.JWKSNoMatchingKey, 'a kid the fresh set does not hold either: a token problem')
  t.equal(server.fetches(), 3)
  now += TIMINGS.cooldownMs
  server.serve('', 503)
  await t.rejects(keys.key(header('k3'), TOKEN), KeysUnavailable, 'the refetch for an unknown kid fails: the keys are to blame')
  t.ok(await keys.key(header('k1'), TOKEN), 'a known kid is still verified with the fresh set meanwhile')
  await t.rejects(keys.key(header('k3'), TOKEN), { name: 'KeysUnavailable', retryAfterMs: 5_000 }, 'an unknown one waits out the backoff')
  t.equal(server.fetches(), 4)
})

t.test('a key set member that is not a usable public key blames the keys, not the token', async (t) => {
  const server = await keySetServer(t)
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const token = await new SignJWT({ iss: 'https://i/', aud: 'a' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setExpirationTime('5m').sign(privateKey)
  const auth = { issuer: 'https://i/', audience: 'a', jwksUrl: server.url, reads: false }
  for (const [what, jwk] of [
    ['a private key', { ...await exportJWK(privateKey), kid: 'k1', alg: 'RS256' }],
    ['an RSA key without its modulus', { kty: 'RSA', kid: 'k1', alg: 'RS256', e: 'AQAB' }]
  ] as const) {
    server.serve({ keys: [jwk] })
    const check = await tokenVerifier(auth, new IssuerKeys(server.url, TIMINGS))(token)
    t.type(check, KeysUnavailable, what)
    t.equal((check as KeysUnavailable).retryAfterMs, 1_000, `${what}: retry in a second`)
  }
  server.serve({ keys: [{ ...await exportJWK(publicKey), kid: 'k1', alg: 'RS256' }] })
  t.equal(await tokenVerifier(auth, new IssuerKeys(server.url, TIMINGS))(token), 'valid', 'its public half verifies the token')
})
