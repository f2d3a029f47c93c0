// POST /items/{id}/image: a presigned S3 POST for one image of the item; the thumbnail function takes it from there.
import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { SignedLinks } from '../../../shared/blob-store.ts'
import { itemNotFound, serviceUnavailable } from '../../api-errors.ts'
import { MAX_IMAGE_BYTES, uploadKey } from '../../../images/image-keys.ts'
import { TAGS } from '../../schemas/tags.ts'
import { ImageUploadRequest, ImageUploadResponse } from '../../schemas/image-schemas.ts'
import { ItemParams } from '../../schemas/item-schemas.ts'
import type { ItemStore } from '../../../items/item-store.ts'
import { RETRY_AFTER_SECONDS } from '../../../shared/store-errors.ts'
import { described, errorResponsesOf } from '../../schemas/describe-responses.ts'
import { IMAGES_UNAVAILABLE, ITEM_ERROR_MEANINGS, ITEM_MESSAGES } from './item-messages.ts'

const errors = errorResponsesOf({
  ...ITEM_ERROR_MEANINGS,
  503: 'No images bucket is configured, or the item store, S3 or the token issuer\'s keys cannot be reached (SERVICE_UNAVAILABLE); ' +
    'retry after Retry-After seconds.'
})

export const itemImageRoutes: FastifyPluginAsyncTypebox<{ store: ItemStore, links: SignedLinks | undefined }> = async (app, { store, links }) => {
  /** Answers a form the browser posts the image with, straight to S3; the item's upload is `pending` from now. */
  app.post('/items/:id/image', {
    config: { access: 'write' },
    schema: {
      operationId: 'requestItemImageUpload',
      tags: [TAGS.items],
      summary: 'Upload an image of an item',
      description: 'Answers a presigned upload, valid for 10 minutes. On AWS (`method` `POST`) send its `fields` and then ' +
        'the image as `file` in a multipart/form-data form to its `url`: S3 refuses any other Content-Type, an empty file or ' +
        'one over 10 MiB. On Azure (`method` `PUT`) send the image as the body to its `url` with its `headers`: the ' +
        'thumbnail function refuses and deletes a file over 10 MiB or not of an accepted image type. The item\'s ' +
        '`upload` is then `pending` until the file arrives, `processing` until the thumbnails (200×200, 400×400, 800×800) are ' +
        'made, usually within seconds, and then the item\'s `image` (`ready`), or `failed` with a reason; a form that expires ' +
        'unused reads as `failed`. An image already ready stays the item\'s `image` until the new one is ready. A new form ' +
        'can be asked for at any time: it replaces any earlier upload that is not ready.',
      params: ItemParams,
      body: ImageUploadRequest,
      response: { 201: described(ImageUploadResponse, 'The upload form, valid for 10 minutes.'), ...errors(400, 401, 404, 413, 415, 500, 503) }
    }
  }, async (request, reply) => {
    if (links === undefined) throw serviceUnavailable(IMAGES_UNAVAILABLE, RETRY_AFTER_SECONDS)
    const { id } = request.params
    const contentType = request.body.content_type
    const key = uploadKey(id, randomUUID(), contentType)
    // Signed before the item changes: a form that cannot be made leaves the item as it was.
    const form = await links.uploadForm(key, { contentType, maxBytes: MAX_IMAGE_BYTES })
    const item = await store.startImage(id, { uploadKey: key, contentType, expiresAt: form.expiresAt.getTime() })
    if (item === undefined) throw itemNotFound(id)
    return reply.code(201).send({
      success: true as const,
      data: { upload: { method: form.method, url: form.url, fields: form.fields, headers: form.headers, expires_at: form.expiresAt.toISOString() }, key },
      message: ITEM_MESSAGES.imageUpload
    })
  })
}
