// Optimistic concurrency over HTTP: an item's entity tag is its version, and If-Match makes PUT and DELETE conditional.
import { ApiError } from './api-errors.ts'
import { MAX_CONDITION_VERSIONS, type VersionCondition } from '../shared/writes.ts'
import { VersionMismatchError } from '../shared/store-errors.ts'
import type { Item } from '../items/item.ts'

/** The item's entity tag: its version, quoted (`"3"`), strong, since every change increments the version. */
export const entityTag = (item: Pick<Item, 'version'>): string => `"${item.version}"`

// One element of an RFC 9110 list of entity-tags: optional W/, then a quoted string of any visible character but the
// quote (commas included). Elements may be empty (`"1",`), as the RFC asks recipients to accept.
const ENTITY_TAG = /[ \t]*(?:(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*)?(?:,|$)/y
const VERSION = /^[1-9]\d{0,14}$/

function invalidIfMatch (message = 'must be * or a comma-separated list of entity tags such as "3"'): ApiError {
  return new ApiError(400, 'VALIDATION_ERROR', 'Request headers are invalid', { details: [{ field: 'If-Match', message }] })
}

/**
 * The version condition an If-Match header asks for: undefined for none or `*` (any existing item). Strong comparison,
 * as RFC 9110 requires for If-Match: a weak tag, or a tag that is not a version, matches nothing. A tag named twice
 * counts once; more than MAX_CONDITION_VERSIONS different tags is a 400, since the store's condition cannot hold them.
 */
export function versionCondition (ifMatch: string | undefined): VersionCondition | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined
  if (ifMatch.trim() === '') throw invalidIfMatch()
  const tags = new Set<string>()
  const versions = new Set<number>()
  ENTITY_TAG.lastIndex = 0
  while (ENTITY_TAG.lastIndex < ifMatch.length) {
    const match = ENTITY_TAG.exec(ifMatch)
    if (match === null) throw invalidIfMatch()
    const [, weak, opaque] = match
    if (opaque === undefined) continue
    tags.add(`${weak ?? ''}${opaque}`)
    if (weak === undefined && VERSION.test(opaque)) versions.add(Number(opaque))
  }
  if (tags.size > MAX_CONDITION_VERSIONS) throw invalidIfMatch(`must name at most ${MAX_CONDITION_VERSIONS} different entity tags`)
  return { versions: [...versions] }
}

/** The store's refusal of a write whose version condition failed, as the contract's 412. */
export const rethrowMismatchAs412 = (id: string, noun = 'Item') => (error: unknown): never => {
  throw error instanceof VersionMismatchError
    ? new ApiError(412, 'PRECONDITION_FAILED', `${noun} ${id} has changed: its ETag is not one that If-Match names`)
    : error
}
