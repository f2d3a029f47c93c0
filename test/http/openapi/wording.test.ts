// Each operation speaks of its own resource: no description, header or example message of an order's operation names
// an item as its subject, and the reverse. Shared pieces (If-Match, ETag, Idempotency-Key, the default error
// descriptions) are worded for any resource.
import t from 'tap'
import { build } from '../../helper.ts'

/**
 * A resource named as what a sentence is about: "the item", "an order's", "the item store", ITEM_NOT_FOUND, "Item 6f1d…
 * not found" (an order's `items` field, or its "line items", name no item).
 */
const named = (noun: string): RegExp[] => [
  new RegExp(`\\b(the|an?|no|this|new|each|every) ${noun}s?\\b|\\b${noun}('s|s'| store)`, 'i'),
  new RegExp(`\\b${noun.toUpperCase()}_|\\b${noun[0].toUpperCase()}${noun.slice(1)} [0-9A-Za-z-]+ (not found|has changed)`)
]
const NAMED: Record<string, RegExp[]> = { items: named('item'), orders: named('order'), reports: named('report') }
/** What a resource's operations may speak of beside themselves: a report adds up a day's orders. */
const SPOKEN_OF: Record<string, string[]> = { items: [], orders: [], reports: ['orders'] }

type Json = Record<string, any>

/** Every text a client reads of an operation: summary, description, parameters, responses, their headers, examples. */
function textsOf (operation: Json, resolve: (value: Json) => Json): string[] {
  const texts: string[] = [operation.summary, operation.description, ...(operation.parameters ?? []).map((parameter: Json) => resolve(parameter).description)]
  for (const response of Object.values<Json>(operation.responses).map(resolve)) {
    texts.push(response.description)
    for (const header of Object.values<Json>(response.headers ?? {})) texts.push(resolve(header).description)
    const example = response.content?.['application/json']?.example
    if (typeof example?.message === 'string') texts.push(example.message)
    if (example?.error !== undefined) texts.push(`${example.error.code} ${example.error.message}`)
  }
  return texts.filter((text): text is string => typeof text === 'string')
}

t.test('no operation names another resource in its descriptions, headers or examples', async (t) => {
  const app = await build(t, { AUTH_ISSUER: 'https://issuer.example/', AUTH_AUDIENCE: 'items-api', AUTH_JWKS_URL: 'https://issuer.example/jwks.json' })
  const document = (await app.inject({ url: '/openapi.json' })).json() as Json
  const resolve = (value: Json): Json => typeof value?.$ref === 'string'
    ? (value.$ref as string).slice(2).split('/').reduce((node: Json, key: string) => node[key], document)
    : value
  let checked = 0
  for (const [path, operations] of Object.entries<Json>(document.paths)) {
    for (const [method, operation] of Object.entries<Json>(operations)) {
      const own = operation.tags[0] as string
      if (!(own in NAMED)) continue
      for (const text of textsOf(operation, resolve)) {
        for (const [other, patterns] of Object.entries(NAMED)) {
          if (other === own || SPOKEN_OF[own].includes(other)) continue
          for (const pattern of patterns) t.notMatch(text, pattern, `${method.toUpperCase()} ${path} names ${other}: ${text}`)
        }
        checked++
      }
    }
  }
  t.ok(checked > 200, `${checked} texts read`)
})

t.test('the patterns find what they are for', async (t) => {
  const names = (text: string, noun: string): boolean => NAMED[noun].some((pattern) => pattern.test(text))
  t.ok(names('Apply only if the item\'s ETag is one of these', 'items'))
  t.ok(names('The item store cannot be reached', 'items'))
  t.ok(names('ITEM_NOT_FOUND', 'items'))
  t.ok(names('Item 6f1d2c3b-4a59 not found', 'items'))
  t.ok(names('No order has this id', 'orders'))
  t.notOk(names('Words to find in the order\'s customer id, line items and status', 'items'))
  t.notOk(names('Orders whose customer id, items or status hold every word', 'items'))
})
