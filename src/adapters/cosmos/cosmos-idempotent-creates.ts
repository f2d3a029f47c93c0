// Idempotent creates on Cosmos DB with conditional writes only, as on DynamoDB: a transactional batch holds one
// partition key of one container, and the key's record and the entity it creates live in two containers.
// One record per Idempotency-Key: it claims the key, fixes the entity the key creates and the token its create
// carries, and records when that entity is stored. Whoever holds the key, the first request or a retry racing it,
// stores that same entity with that same token, so it exists once; an id another entity already holds is drawn again,
// in the record.
import { createHash } from 'node:crypto'
import { IdempotencyKeyReusedError } from '../../shared/store-errors.ts'
import type { Created } from '../../shared/writes.ts'
import { CosmosDocuments, newToken, type StoredDocument } from './cosmos-documents.ts'

/** How long a key is remembered: a retry within this window replays the original response. */
export const KEY_MEMORY_SECONDS = 24 * 60 * 60

/** How many ids a create draws before it gives up: a clash is rare, three in a row is a fault. */
export const ID_DRAWS = 3

/** No free id after ID_DRAWS draws. */
export class IdsExhaustedError extends Error {
  constructor () {
    super(`every one of ${ID_DRAWS} ids drawn was taken`)
    this.name = 'IdsExhaustedError'
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url')

/** The idempotency container's documents, partitioned by their id (`<scope>:<the key's SHA-256>`). */
export interface KeyRecord<Entity> {
  id: string
  /** The request the key was first used with; the same key with another request is a conflict. */
  fingerprint: string
  item: Entity
  /** The token the entity's create carries, whoever makes it. */
  token: string
  /** The entity has been stored; until then whoever reads the record stores it. */
  stored: boolean
  /** Epoch seconds after which the key is free again, whether or not Cosmos DB's TTL has removed the record yet. */
  expires_at: number
  /** Cosmos DB's per-document time to live, in seconds (the container's defaultTtl is -1: on, no default). */
  ttl: number
}

export interface CosmosIdempotentCreatesOptions<Input, Entity> {
  /** Keeps one resource's keys apart from another's in the shared container: `items` → `items:<the key's SHA-256>`. */
  scope: string
  /** Stores the entity with `token` unless another holds its id (CosmosDocuments.createNew). */
  store: (entity: Entity, token: string) => Promise<'stored' | 'taken'>
  /** The entity's id field, and the same entity with another id drawn. */
  id: keyof Entity & string
  redraw: (entity: Entity) => Entity
  /** The request's fields after validation, in a fixed order: its identity, whatever the key order and spacing. */
  fields: (input: Input) => unknown[]
  now?: () => number
}

export class CosmosIdempotentCreates<Input, Entity> {
  readonly #records: CosmosDocuments<KeyRecord<Entity>>
  readonly #options: CosmosIdempotentCreatesOptions<Input, Entity>
  readonly #now: () => number

  constructor (records: CosmosDocuments<KeyRecord<Entity>>, options: CosmosIdempotentCreatesOptions<Input, Entity>) {
    this.#records = records
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  /**
   * Creates `entity` for `input` under the client's key once. A repeat of the same request answers the entity the key
   * created, `replayed`; the same key with another request throws IdempotencyKeyReusedError.
   */
  async create (clientKey: string, input: Input, entity: Entity): Promise<Created<Entity>> {
    // Scoped: no client key of one resource can name another resource's record. Hashed: a key may hold `/`, `\`, `?`
    // or `#`, which no Cosmos DB id may, and up to 255 characters, the most an id may have beside its scope.
    const id = `${this.#options.scope}:${sha256(clientKey)}`
    const fingerprint = sha256(JSON.stringify(this.#options.fields(input)))
    const nowSeconds = Math.floor(this.#now() / 1000)
    const record: KeyRecord<Entity> = {
      id, fingerprint, item: entity, token: newToken(), stored: false, expires_at: nowSeconds + KEY_MEMORY_SECONDS, ttl: KEY_MEMORY_SECONDS
    }
    const held = await this.#claim(record, nowSeconds)
    if (held === 'claimed') return { value: await this.#finish(record), replayed: false }
    // Gone between the two calls (expired and removed): the key is free again.
    if (held === undefined) return await this.create(clientKey, input, entity)
    // This request's own claim, applied by an attempt whose answer was lost.
    if (held.token === record.token) return { value: await this.#finish(held), replayed: false }
    if (held.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError()
    return { value: held.stored ? held.item : await this.#finish(held), replayed: true }
  }

  /**
   * Claims the key unless it is held: `claimed`, or the record that holds it. An expired record counts as free (TTL
   * removes it, but not at once, and a store may have no TTL): it is replaced, only as it was read.
   */
  async #claim (record: KeyRecord<Entity>, nowSeconds: number): Promise<'claimed' | StoredDocument<KeyRecord<Entity>> | undefined> {
    if (await this.#records.createIfAbsent(record)) return 'claimed'
    const held = await this.#records.read(record.id)
    if (held === undefined || held.expires_at > nowSeconds) return held
    if (await this.#records.replaceAsRead(held, record)) return 'claimed'
    // Changed since it was read: claimed by another request, or by this one's attempt whose answer was lost.
    return await this.#records.read(record.id)
  }

  /**
   * Stores the record's entity (once, whoever gets there first) and marks the record stored. When the entity's id is
   * another's, a new one is drawn and fixed in the record, unless a request holding the same key fixed one first.
   */
  async #finish (record: KeyRecord<Entity>): Promise<Entity> {
    let current = record
    for (let draw = 1; draw <= ID_DRAWS; draw++) {
      if (await this.#options.store(current.item, current.token) === 'stored') {
        await this.#records.setField(current.id, 'stored', true)
        return current.item
      }
      current = await this.#redraw(current)
      if (current.stored) return current.item
    }
    throw new IdsExhaustedError()
  }

  /** The record with a new id drawn for its entity, or as another request holding the key has left it. */
  async #redraw (record: KeyRecord<Entity>): Promise<KeyRecord<Entity>> {
    const { id } = this.#options
    const held = await this.#records.read(record.id)
    if (held === undefined) return record
    // Another request holding the key drew first (or this one did, on an attempt whose answer was lost).
    if (held.item[id] !== record.item[id]) return held
    const next = { ...record, stored: held.stored, item: this.#options.redraw(record.item) }
    if (await this.#records.replaceAsRead(held, next)) return next
    return await this.#records.read(record.id) ?? record
  }
}
