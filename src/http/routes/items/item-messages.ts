// What a successful item write says it did: the routes answer these, and the OpenAPI examples show them.
export const ITEM_MESSAGES = {
  created: 'Item created successfully',
  updated: 'Item updated successfully',
  deleted: 'Item deleted successfully',
  imageUpload: 'Upload the image with this form within 10 minutes'
} as const

/** What some statuses mean for an item's operations, in the OpenAPI document. */
export const ITEM_ERROR_MEANINGS = {
  404: 'No item has this id (ITEM_NOT_FOUND).',
  412: 'The item\'s ETag is not one that If-Match names (PRECONDITION_FAILED); nothing was changed.',
  503: 'The item store, or the token issuer\'s keys, cannot be reached or are throttling (SERVICE_UNAVAILABLE); ' +
    'retry after Retry-After seconds.'
} as const

/** No images bucket in this deployment (`npm run dev`): uploads need `npm run local` or AWS. */
export const IMAGES_UNAVAILABLE = 'Image uploads are unavailable: no images bucket is configured'
