// List cursors: signed with the service's secret and bound to their listing; anything else is refused.
import t from 'tap'
import { CursorCodec } from '../../src/shared/cursor-codec.ts'
import { InvalidCursorError } from '../../src/shared/store-errors.ts'

const id = '6f1d2c3b-4a59-4e7f-8a9b-0c1d2e3f4a5b'
const SECRET = 'a-cursor-secret-of-32-characters!'

t.test('a cursor decodes back to the position it encodes, in its listing', async (t) => {
  const cursors = new CursorCodec(SECRET)
  const cursor = cursors.encode('items', [id])
  t.match(cursor, /^c1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/)
  t.same(cursors.decode('items', cursor), [id])
  t.same(new CursorCodec(SECRET).decode('items', cursor), [id], 'another instance with the same secret reads it')
})

t.test('every cursor the service did not sign for that listing is refused', async (t) => {
  const cursors = new CursorCodec(SECRET)
  const cursor = cursors.encode('items', [id])
  const [version, payload, mac] = cursor.split('.')
  const position = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const forged: Record<string, string> = {
    'no signature': `${version}.${payload}`,
    'another version': `c2.${payload}.${mac}`,
    'the old unsigned form': `v1.${position({ id })}`,
    'another position under the signature': `${version}.${position(['00000000-0000-4000-8000-000000000000'])}.${mac}`,
    'an altered signature': `${version}.${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
    'a short signature': `${version}.${payload}.${mac.slice(0, 10)}`,
    'a part too many': `${cursor}.x`,
    junk: 'garbage'
  }
  for (const [what, value] of Object.entries(forged)) {
    t.throws(() => cursors.decode('items', value), InvalidCursorError, what)
  }
  t.throws(() => cursors.decode('customer:C-1', cursor), InvalidCursorError, 'another listing')
  t.throws(() => new CursorCodec('another-secret-of-32-characters!!').decode('items', cursor), InvalidCursorError, 'another secret')
  t.throws(() => new CursorCodec().decode('items', cursor), InvalidCursorError, 'no secret set: a random one of its own')
})
