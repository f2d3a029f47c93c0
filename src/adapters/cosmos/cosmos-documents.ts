// One container's documents, written so that no write is lost or made twice. Every write to an existing document
// reads it, decides, and replaces or deletes it only at the ETag it read (If-Match): a write between the two is never
// overwritten, the decision is made again on what it left. Every write carries a token of its own; when an attempt
// was applied but its answer lost, the retry is refused (409 or 412), and the token on the document says that the
// write refused is this very write, already done, not another request's change.
import { randomUUID } from 'node:crypto'
import type { Container, ItemDefinition } from '@azure/cosmos'
import { RETRY_AFTER_SECONDS, StoreUnavailableError } from '../../shared/store-errors.ts'
import type { VersionCondition } from '../../shared/writes.ts'
import { storeCall, storeValue } from './cosmos-calls.ts'

/** The field holding the token of the last write to a document; storage only, never shown. */
const TOKEN = 'write_token'
// What Cosmos DB adds to every document, and what only storage reads: never shown.
const STORAGE_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts', 'ttl', TOKEN]

/**
 * How often a write reads and decides again when the document changed between its read and its write: contention
 * this high on one document is a store that cannot serve now.
 */
const MAX_ROUNDS = 5

/** A document as stored: its id, its ETag, the token of its last write. */
export type StoredDocument<T> = T & { id: string, _etag?: string, [TOKEN]?: string }

/**
 * What a write did: `applied` (by this attempt or by an earlier one whose answer was lost), `refused` by the document's
 * state (the document as it is), or `missing`, with `retried` when an earlier attempt may have removed it.
 */
export type CosmosWritten<T> =
  | { kind: 'applied', record: StoredDocument<T> | undefined }
  | { kind: 'refused', record: StoredDocument<T> }
  | { kind: 'missing', retried: boolean }

/** The document without what Cosmos DB and this adapter store beside the entity. */
export function documentFields<T extends object> (document: StoredDocument<T>): T {
  const fields: Record<string, unknown> = { ...document }
  for (const field of STORAGE_FIELDS) delete fields[field]
  return fields as T
}

const contention = (): StoreUnavailableError => new StoreUnavailableError(RETRY_AFTER_SECONDS, { cause: new Error('the document kept changing') })

export class CosmosDocuments<T extends object> {
  readonly #container: Container

  constructor (container: Container) {
    this.#container = container
  }

  /** The document, read strongly (a point read in its partition), with its ETag; undefined when there is none. */
  async read (id: string): Promise<StoredDocument<T> | undefined> {
    const response = await storeValue(async (abortSignal) => await this.#container.item(id, id).read<StoredDocument<T>>({ abortSignal }))
    return response.resource
  }

  /**
   * Stores a new document under its id unless one is there: `stored` when a write with `token` stored it (this one, a
   * lost answer's retry, or another request finishing the same idempotent create), `taken` when the id holds another
   * document. One found gone again after a retried create counts as stored: the create that made it was most likely
   * this one.
   */
  async createNew (document: T & { id: string }, token: string): Promise<'stored' | 'taken'> {
    const answer = await storeCall(async (abortSignal) => await this.#container.items.create({ ...document, [TOKEN]: token }, { abortSignal }))
    if (answer.status === 'ok') return 'stored'
    const held = await this.read(document.id)
    if (held === undefined) return answer.retried ? 'stored' : 'taken'
    return held[TOKEN] === token ? 'stored' : 'taken'
  }

  /**
   * Changes an existing document: `decide` answers the document as it is to be, or undefined to refuse (the document
   * is not in a state the write allows). The change is replaced at the ETag it was decided on.
   */
  async change (id: string, decide: (current: StoredDocument<T>) => T | undefined): Promise<CosmosWritten<T>> {
    const token = newToken()
    let retried = false
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = await this.read(id)
      if (current === undefined) return { kind: 'missing', retried }
      // This write's own, applied by an attempt whose answer was lost.
      if (current[TOKEN] === token) return { kind: 'applied', record: current }
      const next = decide(current)
      if (next === undefined) return { kind: 'refused', record: current }
      const answer = await storeCall(async (abortSignal) => await this.#container.item(id, id).replace<ItemDefinition>(
        { ...next, id, [TOKEN]: token }, { accessCondition: { type: 'IfMatch', condition: current._etag! }, abortSignal }))
      if (answer.status === 'ok') return { kind: 'applied', record: answer.value.resource as unknown as StoredDocument<T> }
      // Changed (412) or removed (404) since it was read: by another write, or by this one's lost attempt.
      retried ||= answer.retried
    }
    throw contention()
  }

  /** Deletes an existing document if `allow` allows it as it is; `applied` holds no record. */
  async remove (id: string, allow: (current: StoredDocument<T>) => boolean): Promise<CosmosWritten<T>> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = await this.read(id)
      if (current === undefined) return { kind: 'missing', retried: false }
      if (!allow(current)) return { kind: 'refused', record: current }
      const answer = await storeCall(async (abortSignal) => await this.#container.item(id, id).delete(
        { accessCondition: { type: 'IfMatch', condition: current._etag! }, abortSignal }))
      // Gone after a retry: the delete that removed it was most likely this one's lost attempt.
      if (answer.status === 'ok' || (answer.status === 404 && answer.retried)) return { kind: 'applied', record: undefined }
    }
    throw contention()
  }

  /** Replaces the document only while it is as read (`current`, with its ETag): false when it has changed since. */
  async replaceAsRead (current: StoredDocument<T>, next: T & { id: string }): Promise<boolean> {
    const answer = await storeCall(async (abortSignal) => await this.#container.item(current.id, current.id).replace<ItemDefinition>(
      next, { accessCondition: { type: 'IfMatch', condition: current._etag! }, abortSignal }))
    return answer.status === 'ok'
  }

  /** Creates the document unless its id is taken: false when it is. */
  async createIfAbsent (document: T & { id: string }): Promise<boolean> {
    return (await storeCall(async (abortSignal) => await this.#container.items.create(document, { abortSignal }))).status === 'ok'
  }

  /** Sets one top-level field of an existing document (a patch, the same whichever attempt applies it). */
  async setField (id: string, field: string, value: unknown): Promise<void> {
    await storeCall(async (abortSignal) => await this.#container.item(id, id).patch([{ op: 'set', path: `/${field}`, value }], { abortSignal }))
  }
}

/** A write's version condition holds: there is none, or the record is at one of its versions (an empty list matches none). */
export const versionHolds = (version: number, condition?: VersionCondition): boolean => condition === undefined || condition.versions.includes(version)

/** A token for one write, the same for every attempt of it. */
export const newToken = (): string => randomUUID()
