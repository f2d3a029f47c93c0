// The README's walk-through as requests: each step may use the id the create answered.
import type { HttpRequest } from '../../local/lambda-events.ts'

export type Step = (previous: Record<string, any>) => HttpRequest
const json = { 'content-type': 'application/json' }

export const WALK_THROUGH: Array<[string, Step]> = [
  ['health', () => ({ method: 'GET', path: '/health' })],
  ['create', () => ({ method: 'POST', path: '/items', headers: json, body: '{"name": "Laptop", "description": "High-performance development laptop", "price": 1299.99}' })],
  ['list', () => ({ method: 'GET', path: '/items', query: { limit: '10' } })],
  ['read', ({ id }) => ({ method: 'GET', path: `/items/${id}` })],
  ['update', ({ id }) => ({ method: 'PUT', path: `/items/${id}`, headers: json, body: '{"name": "Updated Laptop", "price": 1199.99}' })],
  ['delete', ({ id }) => ({ method: 'DELETE', path: `/items/${id}` })],
  ['read deleted', ({ id }) => ({ method: 'GET', path: `/items/${id}` })]
]

/** The status each step answers. */
export const WALK_THROUGH_STATUS: Record<string, number> = {
  health: 200, create: 201, list: 200, read: 200, update: 200, delete: 200, 'read deleted': 404
}
