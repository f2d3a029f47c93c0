// Items CRUD: thin routes that validate, call the ItemStore and shape the envelope.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { itemNotFound } from '../../api-errors.ts'
import { TAGS } from '../../schemas/tags.ts'
import { RESPONSE_HEADERS } from '../../schemas/response-headers.ts'
import { described, errorResponsesOf } from '../../schemas/describe-responses.ts'
import { DEFAULT_PAGE_SIZE } from '../../schemas/envelope-schemas.ts'
import {
  DeleteResponse, ItemCreate, ItemListResponse, ItemParams, ItemResponse, ItemUpdate, ListQuery
} from '../../schemas/item-schemas.ts'
import { ConditionalHeaders, IdempotentCreateHeaders } from '../../schemas/header-schemas.ts'
import type { SignedLinks } from '../../../shared/blob-store.ts'
import type { ItemStore } from '../../../items/item-store.ts'
import { createOnceFor } from '../../idempotency.ts'
import { ITEM_ERROR_MEANINGS, ITEM_MESSAGES } from './item-messages.ts'
import { entityTag, rethrowMismatchAs412, versionCondition } from '../../preconditions.ts'
import { presentItem, presentItems } from './present-items.ts'

const tags = [TAGS.items]
const errors = errorResponsesOf(ITEM_ERROR_MEANINGS)

export interface ItemRoutesOptions {
  store: ItemStore
  /** Signs the thumbnails' URLs of items whose image is ready; none where no images bucket is configured. */
  links: SignedLinks | undefined
}

export const itemRoutes: FastifyPluginAsyncTypebox<ItemRoutesOptions> = async (app, { store, links }) => {
  /** Creates an item; the server assigns id, timestamps and version 1. */
  app.post('/items', {
    config: { countsAs: 'created', access: 'write' },
    schema: {
      operationId: 'createItem',
      tags,
      summary: 'Create an item',
      description: 'Accepts only name, description and price; any other property, or a value of the wrong type, is a 400. ' +
        'With an Idempotency-Key, a retry of the same request within 24 h answers the original response and creates nothing.',
      headers: IdempotentCreateHeaders,
      body: ItemCreate,
      response: { 201: described(ItemResponse, 'Created: the new item, at Location, with its ETag.'), ...errors(400, 401, 409, 413, 415, 500, 503) },
      [RESPONSE_HEADERS]: { 201: ['Location', 'ETag', 'Idempotent-Replayed'] }
    }
  }, async (request, reply) => {
    const item = await createOnceFor(store, request.body, request.headers['idempotency-key'], reply)
    return reply.code(201).header('location', `/items/${item.id}`).header('etag', entityTag(item))
      .send({ success: true as const, data: await presentItem(item, links), message: ITEM_MESSAGES.created })
  })

  /** Lists items a page at a time; follow next_cursor until it is null. */
  app.get('/items', {
    config: { access: 'public-read' },
    schema: {
      operationId: 'listItems',
      tags,
      summary: 'List items',
      description: 'Pages of up to `limit` items (20 when not given) in storage order; follow `next_cursor` until it is ' +
        'null. A cursor not issued by this service is a 400.',
      querystring: ListQuery,
      response: { 200: described(ItemListResponse, 'A page of items and the cursor of the next one.'), ...errors(400, 401, 500, 503) }
    }
  }, async (request) => {
    const page = await store.list({ limit: request.query.limit ?? DEFAULT_PAGE_SIZE, cursor: request.query.cursor })
    return { success: true as const, data: await presentItems(page.items, links), count: page.items.length, next_cursor: page.nextCursor }
  })

  /** Reads one item. */
  app.get('/items/:id', {
    config: { access: 'public-read' },
    schema: {
      operationId: 'getItem',
      tags,
      summary: 'Get an item',
      description: 'The item with this id. Its ETag header is what If-Match takes on a later update or delete.',
      params: ItemParams,
      response: { 200: described(ItemResponse, 'The item, with its ETag.'), ...errors(400, 401, 404, 500, 503) },
      [RESPONSE_HEADERS]: { 200: ['ETag'] }
    }
  }, async (request, reply) => {
    const item = await store.get(request.params.id)
    if (item === undefined) throw itemNotFound(request.params.id)
    reply.header('etag', entityTag(item))
    return { success: true as const, data: await presentItem(item, links) }
  })

  /** Partially updates an existing item; an unknown id is a 404 and creates nothing. */
  app.put('/items/:id', {
    config: { countsAs: 'updated', access: 'write' },
    schema: {
      operationId: 'updateItem',
      tags,
      summary: 'Update an item',
      description: 'A partial update: send any of name, description and price (at least one). `description: null` clears it. ' +
        'version goes up by one and updated_at is refreshed.',
      params: ItemParams,
      headers: ConditionalHeaders,
      body: ItemUpdate,
      response: { 200: described(ItemResponse, 'The updated item, with its new ETag.'), ...errors(400, 401, 404, 412, 413, 415, 500, 503) },
      [RESPONSE_HEADERS]: { 200: ['ETag'] }
    }
  }, async (request, reply) => {
    const { id } = request.params
    const item = await store.update(id, request.body, versionCondition(request.headers['if-match']))
      .catch(rethrowMismatchAs412(id))
    if (item === undefined) throw itemNotFound(id)
    reply.header('etag', entityTag(item))
    return { success: true as const, data: await presentItem(item, links), message: ITEM_MESSAGES.updated }
  })

  /** Deletes an existing item; an unknown id is a 404. */
  app.delete('/items/:id', {
    config: { countsAs: 'deleted', access: 'write' },
    schema: {
      operationId: 'deleteItem',
      tags,
      summary: 'Delete an item',
      description: 'Deletes the item; an unknown id is a 404. With If-Match, only if the item is still at that version.',
      params: ItemParams,
      headers: ConditionalHeaders,
      response: { 200: described(DeleteResponse, 'The item is deleted.'), ...errors(400, 401, 404, 412, 413, 415, 500, 503) }
    }
  }, async (request) => {
    const { id } = request.params
    const deleted = await store.delete(id, versionCondition(request.headers['if-match'])).catch(rethrowMismatchAs412(id))
    if (!deleted) throw itemNotFound(id)
    return { success: true as const, message: ITEM_MESSAGES.deleted }
  })
}
