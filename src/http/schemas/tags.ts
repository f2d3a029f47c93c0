// The OpenAPI tags the routes are grouped under.

export const TAGS = {
  items: 'items',
  orders: 'orders',
  reports: 'reports',
  service: 'service'
} as const
