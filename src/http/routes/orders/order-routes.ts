// Orders: thin routes that validate, call the OrderStore (or the search index) and shape the envelope.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { orderNotFound, serviceUnavailable } from '../../api-errors.ts'
import { RESPONSE_HEADERS } from '../../schemas/response-headers.ts'
import { TAGS } from '../../schemas/tags.ts'
import { DEFAULT_PAGE_SIZE } from '../../schemas/envelope-schemas.ts'
import { ConditionalHeaders, IdempotentCreateHeaders } from '../../schemas/header-schemas.ts'
import {
  CustomerOrdersQuery, CustomerParams, OrderCreate, OrderListResponse, OrderParams, OrderResponse, OrderSearchQuery, OrderSearchResponse
} from '../../schemas/order-schemas.ts'
import { SearchUnavailableError, type SearchIndex } from '../../../orders/order-search.ts'
import type { OrderStore } from '../../../orders/order-store.ts'
import type { CursorCodec } from '../../../shared/cursor-codec.ts'
import { RETRY_AFTER_SECONDS } from '../../../shared/store-errors.ts'
import { described, errorResponsesOf } from '../../schemas/describe-responses.ts'
import { createOnceFor } from '../../idempotency.ts'
import { entityTag, rethrowMismatchAs412, versionCondition } from '../../preconditions.ts'
import { invalidOrderState, ORDER_ERROR_MEANINGS, ORDER_MESSAGES, SEARCH_UNAVAILABLE } from './order-messages.ts'
import { cursorAfter, positionOf } from './search-cursor.ts'

const tags = [TAGS.orders]
const errors = errorResponsesOf(ORDER_ERROR_MEANINGS)

export interface OrderRoutesOptions {
  store: OrderStore
  /** The search projection; without one, GET /orders/search answers 503. */
  search: SearchIndex | undefined
  /** Signs the search's cursors (the stores sign their listings' own). */
  cursors: CursorCodec
}

export const orderRoutes: FastifyPluginAsyncTypebox<OrderRoutesOptions> = async (app, { store, search, cursors }) => {
  /** Places an order; its INSERT on the table's stream starts the pipeline. */
  app.post('/orders', {
    config: { countsAs: 'order_created', access: 'write' },
    schema: {
      operationId: 'createOrder',
      tags,
      summary: 'Place an order',
      description: 'Stores the order as CREATED; the pipeline then takes the payment and confirms it. ' +
        'With an Idempotency-Key, a retry of the same request within 24 h answers the original response and places nothing.',
      headers: IdempotentCreateHeaders,
      body: OrderCreate,
      response: { 201: described(OrderResponse, 'Placed: the new order, at Location, with its ETag.'), ...errors(400, 401, 409, 413, 415, 500, 503) },
      [RESPONSE_HEADERS]: { 201: ['Location', 'ETag', 'Idempotent-Replayed'] }
    }
  }, async (request, reply) => {
    const order = await createOnceFor(store, request.body, request.headers['idempotency-key'], reply)
    return reply.code(201).header('location', `/orders/${order.order_id}`).header('etag', entityTag(order))
      .send({ success: true as const, data: order, message: ORDER_MESSAGES.created })
  })

  /** Finds orders in the search projection. Registered before /orders/:order_id, which it would otherwise match. */
  app.get('/orders/search', {
    config: { access: 'private' },
    schema: {
      operationId: 'searchOrders',
      tags,
      summary: 'Search orders',
      description: 'Orders whose customer id, items or status hold every word of `q` (a word matches the start of one), ' +
        'optionally only one customer\'s or one status; any of them alone is a search, and none lists every order. ' +
        'Pages of up to `limit` orders (20 when not given), newest first; follow `next_cursor` until it is null. A cursor ' +
        'not issued by this service for the same `q`, `customer_id` and `status` is a 400. Served by the search ' +
        'projection, which the pipeline keeps in step within seconds; 503 where the deployment has none.',
      querystring: OrderSearchQuery,
      response: {
        200: described(OrderSearchResponse, 'A page of the matching orders, newest first, and the cursor of the next one.'),
        ...errorResponsesOf({ ...ORDER_ERROR_MEANINGS, 503: 'No search index is configured, or it or the token issuer\'s keys cannot be reached (SERVICE_UNAVAILABLE).' })(400, 401, 500, 503)
      }
    }
  }, async (request) => {
    if (search === undefined) throw serviceUnavailable(SEARCH_UNAVAILABLE, RETRY_AFTER_SECONDS)
    const { q, customer_id: customerId, status, limit = DEFAULT_PAGE_SIZE, cursor } = request.query
    const filters = { q, customerId, status }
    const after = cursor === undefined ? undefined : positionOf(cursors, filters, cursor)
    // One more than the page: a next page exists exactly when it is there, so the last page has no cursor.
    const found = await search.search({ ...filters, limit: limit + 1, after }).catch((error: unknown) => {
      if (!(error instanceof SearchUnavailableError)) throw error
      request.log.warn({ err: error }, 'the search index could not be reached')
      throw serviceUnavailable(SEARCH_UNAVAILABLE, RETRY_AFTER_SECONDS)
    })
    const orders = found.slice(0, limit)
    const nextCursor = found.length > limit ? cursorAfter(cursors, filters, orders[orders.length - 1]) : null
    return { success: true as const, data: orders, count: orders.length, next_cursor: nextCursor }
  })

  /** Reads one order. */
  app.get('/orders/:order_id', {
    config: { access: 'private' },
    schema: {
      operationId: 'getOrder',
      tags,
      summary: 'Get an order',
      description: 'The order with this id, as the pipeline has left it. Its ETag is what If-Match takes on a cancel or delete.',
      params: OrderParams,
      response: { 200: described(OrderResponse, 'The order, with its ETag.'), ...errors(400, 401, 404, 500, 503) },
      [RESPONSE_HEADERS]: { 200: ['ETag'] }
    }
  }, async (request, reply) => {
    const order = await store.get(request.params.order_id)
    if (order === undefined) throw orderNotFound(request.params.order_id)
    reply.header('etag', entityTag(order))
    return { success: true as const, data: order }
  })

  /** One customer's orders, newest first, from the customer index. */
  app.get('/customers/:customer_id/orders', {
    config: { access: 'private' },
    schema: {
      operationId: 'listCustomerOrders',
      tags,
      summary: 'List a customer\'s orders',
      description: 'Pages of up to `limit` orders (20 when not given), newest first, optionally only those in `status`; ' +
        'follow `next_cursor` until it is null. A page may hold fewer than `limit` orders and still have a next one. ' +
        'A cursor not issued by this service for this customer is a 400.',
      params: CustomerParams,
      querystring: CustomerOrdersQuery,
      response: { 200: described(OrderListResponse, 'A page of the customer\'s orders and the cursor of the next one.'), ...errors(400, 401, 500, 503) }
    }
  }, async (request) => {
    const { limit, cursor, status } = request.query
    const page = await store.listByCustomer(request.params.customer_id, { limit: limit ?? DEFAULT_PAGE_SIZE, cursor, status })
    return { success: true as const, data: page.orders, count: page.orders.length, next_cursor: page.nextCursor }
  })

  /** Cancels an order that is still CREATED. */
  app.post('/orders/:order_id/cancel', {
    config: { countsAs: 'order_cancelled', access: 'write' },
    schema: {
      operationId: 'cancelOrder',
      tags,
      summary: 'Cancel an order',
      description: 'Only a CREATED order can be cancelled; once the pipeline has taken the payment, or the order is ' +
        'already cancelled, the answer is 409 INVALID_ORDER_STATE naming its status. With If-Match, only at that version.',
      params: OrderParams,
      headers: ConditionalHeaders,
      response: {
        200: described(OrderResponse, 'The cancelled order, with its new ETag.'),
        ...errorResponsesOf({ ...ORDER_ERROR_MEANINGS, 409: 'The order is not CREATED (INVALID_ORDER_STATE); the message names its status.' })(
          400, 401, 404, 409, 412, 413, 415, 500, 503)
      },
      [RESPONSE_HEADERS]: { 200: ['ETag'] }
    }
  }, async (request, reply) => {
    const { order_id: orderId } = request.params
    const result = await store.transition(orderId, 'cancel', versionCondition(request.headers['if-match']))
      .catch(rethrowMismatchAs412(orderId, 'Order'))
    if (result.kind === 'missing') throw orderNotFound(orderId)
    if (result.kind !== 'applied') throw invalidOrderState(orderId, result.order.status)
    reply.header('etag', entityTag(result.order))
    return { success: true as const, data: result.order, message: ORDER_MESSAGES.cancelled }
  })

  /** Deletes an order; the stream's REMOVE takes it out of search. */
  app.delete('/orders/:order_id', {
    config: { countsAs: 'order_deleted', access: 'write' },
    schema: {
      operationId: 'deleteOrder',
      tags,
      summary: 'Delete an order',
      description: 'Deletes the order whatever its status; an unknown id is a 404. With If-Match, only at that version.',
      params: OrderParams,
      headers: ConditionalHeaders,
      response: { 204: { description: 'The order is deleted.', type: 'null' }, ...errors(400, 401, 404, 412, 413, 415, 500, 503) }
    }
  }, async (request, reply) => {
    const { order_id: orderId } = request.params
    const deleted = await store.delete(orderId, versionCondition(request.headers['if-match'])).catch(rethrowMismatchAs412(orderId, 'Order'))
    if (!deleted) throw orderNotFound(orderId)
    return reply.code(204).send(null)
  })
}
