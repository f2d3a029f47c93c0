// Opaque list cursors: DynamoDB's LastEvaluatedKey, encoded so clients cannot depend on its shape.
import { InvalidCursorError } from './item-store.ts'

const PREFIX = 'v1.'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type ItemKey = { id: string }

export function encodeCursor (key: ItemKey): string {
  return PREFIX + Buffer.from(JSON.stringify({ id: key.id })).toString('base64url')
}

/** Decodes a cursor back into a key, accepting only what encodeCursor can produce. */
export function decodeCursor (cursor: string): ItemKey {
  if (!cursor.startsWith(PREFIX)) throw new InvalidCursorError()
  const encoded = cursor.slice(PREFIX.length)
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursorError()
  }
  if (!isItemKey(key) || encodeCursor(key) !== cursor) throw new InvalidCursorError()
  return { id: key.id }
}

function isItemKey (value: unknown): value is ItemKey {
  if (typeof value !== 'object' || value === null) return false
  const entries = Object.entries(value)
  return entries.length === 1 && entries[0][0] === 'id' && typeof entries[0][1] === 'string' && UUID.test(entries[0][1])
}
