import t from 'tap'
import { decodeCursor, encodeCursor } from '../../src/store/cursor.ts'
import { InvalidCursorError } from '../../src/store/item-store.ts'

const id = '6f1d2c3b-4a59-4e7f-8a9b-0c1d2e3f4a5b'
const encode = (value: unknown): string => 'v1.' + Buffer.from(JSON.stringify(value)).toString('base64url')

t.test('a cursor decodes back to the key it encodes', async (t) => {
  const cursor = encodeCursor({ id })
  t.match(cursor, /^v1\.[A-Za-z0-9_-]+$/)
  t.same(decodeCursor(cursor), { id })
})

const forged: Record<string, string> = {
  'no version prefix': Buffer.from(JSON.stringify({ id })).toString('base64url'),
  'another version': 'v2.' + Buffer.from(JSON.stringify({ id })).toString('base64url'),
  'not base64 JSON': 'v1.%%%not-base64',
  'JSON that is not an object': encode('just a string'),
  null: encode(null),
  'id that is not a UUID': encode({ id: 'abc' }),
  'id of the wrong type': encode({ id: 42 }),
  'extra attributes': encode({ id, price: 1 }),
  'no id': encode({}),
  'base64 with trailing junk': encodeCursor({ id }) + 'A',
  'DynamoDB-typed key': encode({ id: { S: id } })
}

for (const [what, cursor] of Object.entries(forged)) {
  t.test(`rejects a cursor with ${what}`, async (t) => {
    t.throws(() => decodeCursor(cursor), InvalidCursorError)
  })
}
