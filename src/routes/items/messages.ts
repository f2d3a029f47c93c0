// What a successful item write says it did: the routes answer these, and the OpenAPI examples show them.
export const ITEM_MESSAGES = {
  created: 'Item created successfully',
  updated: 'Item updated successfully',
  deleted: 'Item deleted successfully'
} as const
