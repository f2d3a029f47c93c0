// Idempotent creates over HTTP: the Idempotency-Key header, what a reused key answers, and how a replay is marked.
import type { FastifyReply } from 'fastify'
import { ApiError } from './api-errors.ts'
import { IdempotencyKeyReusedError } from '../shared/store-errors.ts'
import type { Created } from '../shared/writes.ts'

/** Set to `true` on an answer that replays an earlier request's create: nothing was created, nor counted as created. */
export const REPLAYED_HEADER = 'idempotent-replayed'

/** A store that creates, and creates once per idempotency key. */
export interface CreatingStore<Input, Entity> {
  create: (input: Input) => Promise<Entity>
  createOnce: (idempotencyKey: string, input: Input) => Promise<Created<Entity>>
}

/** The store's refusal of a reused key, as the contract's 409. */
export function rethrowReusedKeyAs409 (error: unknown): never {
  throw error instanceof IdempotencyKeyReusedError
    ? new ApiError(409, 'CONFLICT', 'This Idempotency-Key was already used with a different request')
    : error
}

/** Creates through `store`, once per Idempotency-Key when the request has one, marking a replay in the reply. */
export async function createOnceFor<Input, Entity> (store: CreatingStore<Input, Entity>, input: Input, idempotencyKey: string | undefined,
  reply: FastifyReply): Promise<Entity> {
  if (idempotencyKey === undefined) return await store.create(input)
  const { value, replayed } = await store.createOnce(idempotencyKey, input).catch(rethrowReusedKeyAs409)
  if (replayed) reply.header(REPLAYED_HEADER, 'true')
  return value
}
