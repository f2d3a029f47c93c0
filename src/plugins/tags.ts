// The OpenAPI tags the routes are grouped under.

export const TAGS = {
  items: 'items',
  service: 'service'
} as const
