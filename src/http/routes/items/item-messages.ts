// What a successful item write says it did: the routes answer these, and the OpenAPI examples show them.
export const ITEM_MESSAGES = {
  created: 'Item created successfully',
  updated: 'Item updated successfully',
  deleted: 'Item deleted successfully',
  imageUpload: 'Upload the image with this form within 10 minutes'
} as const

/** No images bucket in this deployment (`npm run dev`): uploads need `npm run local` or AWS. */
export const IMAGES_UNAVAILABLE = 'Image uploads are unavailable: no images bucket is configured'
