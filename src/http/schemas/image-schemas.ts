// Item image schemas: the image an item shows, its latest upload's state, and the presigned upload POST /items/{id}/image
// answers.
import { Type, type Static } from 'typebox'
import { IMAGE_CONTENT_TYPES, THUMBNAIL_SIZES } from '../../images/image-keys.ts'
import { IMAGE_STATUSES, UPLOAD_STATUSES } from '../../images/item-image.ts'

const EXAMPLE_THUMBNAIL = 'https://items-api-dev-images-123456789012-us-east-1.s3.us-east-1.amazonaws.com/thumbnails/200x200/uploads/' +
  '6f1d2c3b-4a59-4e7f-8a9b-0c1d2e3f4a5b/0b6a3c6e-3f1e-4d5c-9a7b-2e4f6a8c0d1e.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Credential=ASIAEXAMPLE%2F20240110%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240110T090000Z&X-Amz-Expires=900' +
  '&X-Amz-SignedHeaders=host&X-Amz-Signature=4f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'

const imageProperties = {
  status: Type.Unsafe<typeof IMAGE_STATUSES[number]>({
    type: 'string',
    enum: [...IMAGE_STATUSES],
    description: '`ready` once an upload\'s thumbnails are made, and then until a newer upload is ready. Before any is ready, ' +
      'the latest upload\'s status: `pending` from the upload request until the file arrives, `processing` until the ' +
      'thumbnails are made, or `failed` with a reason (a form that expired unused included).'
  }),
  thumbnails: Type.Unsafe<Record<typeof THUMBNAIL_SIZES[number], string> | null>({
    type: ['object', 'null'],
    properties: Object.fromEntries(THUMBNAIL_SIZES.map((size) => [size, { type: 'string', format: 'uri' }])),
    required: [...THUMBNAIL_SIZES],
    description: 'When ready: a presigned GET URL per size (JPEG, aspect ratio kept), valid 15 minutes; null otherwise.',
    examples: [Object.fromEntries(THUMBNAIL_SIZES.map((size) => [size, EXAMPLE_THUMBNAIL.replace('200x200', size)]))]
  }),
  reason: Type.Optional(Type.String({ description: 'When failed: why, e.g. a corrupt file or a format that is not supported.' }))
}

/** An item's image; `type: [object, null]` lets the serializer choose with typeof, as nullable strings do. */
export const ItemImageJson = Type.Unsafe<{ status: typeof IMAGE_STATUSES[number], thumbnails: Record<typeof THUMBNAIL_SIZES[number], string> | null, reason?: string } | null>({
  type: ['object', 'null'],
  title: 'ItemImage',
  properties: imageProperties,
  required: ['status', 'thumbnails'],
  description: 'The image the item shows: its ready image, or while none is ready, the latest upload\'s state; null until an ' +
    'image upload is asked for (POST /items/{id}/image).'
})
export type ItemImageJson = Static<typeof ItemImageJson>

const EXPIRED_UPLOAD = {
  key: 'uploads/6f1d2c3b-4a59-4e7f-8a9b-0c1d2e3f4a5b/0b6a3c6e-3f1e-4d5c-9a7b-2e4f6a8c0d1e.jpg',
  status: 'failed',
  reason: 'the upload never arrived: its form expired at 2024-01-10T09:10:00.000Z',
  expires_at: '2024-01-10T09:10:00.000Z'
}

/** The latest upload while it is not the item's image; `type: [object, null]` as for ItemImage. */
export const ImageUploadState = Type.Unsafe<{ key: string, status: typeof UPLOAD_STATUSES[number], reason?: string, expires_at: string } | null>({
  type: ['object', 'null'],
  title: 'ImageUploadState',
  properties: {
    key: { type: 'string', description: 'The upload\'s key, as POST /items/{id}/image answered it.' },
    status: {
      type: 'string',
      enum: [...UPLOAD_STATUSES],
      description: '`pending` until the file arrives, `processing` until its thumbnails are made, or `failed` with a reason. ' +
        'A `pending` upload whose form has expired is `failed`: S3 refuses the form from then on.'
    },
    reason: { type: 'string', description: 'When failed: why, e.g. a corrupt file, a format that is not supported, or a form that expired unused.' },
    expires_at: { type: 'string', format: 'date-time', description: 'When the upload\'s form expires (10 minutes after it was issued).' }
  },
  required: ['key', 'status', 'expires_at'],
  description: 'The latest upload asked for, until it is ready and becomes the item\'s `image`: a failed upload stays here, ' +
    'beside the image still shown, until a new one is asked for. null when there is none.',
  examples: [EXPIRED_UPLOAD]
})
export type ImageUploadState = Static<typeof ImageUploadState>

export const ImageUploadRequest = Type.Object({
  content_type: Type.Unsafe<keyof typeof IMAGE_CONTENT_TYPES>({
    type: 'string',
    enum: Object.keys(IMAGE_CONTENT_TYPES),
    description: 'The type of the image to upload; the upload must declare the same Content-Type.'
  })
}, {
  title: 'ImageUploadRequest',
  additionalProperties: false,
  examples: [{ content_type: 'image/jpeg' }]
})
export type ImageUploadRequest = Static<typeof ImageUploadRequest>

export const ImageUploadJson = Type.Object({
  upload: Type.Object({
    method: Type.Unsafe<'POST' | 'PUT'>({
      type: 'string',
      enum: ['POST', 'PUT'],
      description: 'How to send the image: `POST` (AWS, S3) a multipart/form-data form of `fields` and then `file`; `PUT` ' +
        '(Azure Blob Storage) the image as the body, with `headers`.'
    }),
    url: Type.String({ format: 'uri', description: 'Where to send it: S3\'s form endpoint, or the blob\'s URL with its SAS.' }),
    fields: Type.Record(Type.String(), Type.String(), {
      description: 'For `POST`, the form fields, in any order before the file: key, Content-Type, the policy and its ' +
        'signature. Empty for `PUT`.'
    }),
    headers: Type.Record(Type.String(), Type.String(), {
      description: 'For `PUT`, the request headers to send: `x-ms-blob-type` and `Content-Type`. Empty for `POST`.'
    }),
    expires_at: Type.String({ format: 'date-time', description: 'The upload is refused after this (10 minutes).' })
  }),
  key: Type.String({ description: 'Where the image lands in the images bucket (under uploads/).' })
}, { title: 'ImageUpload' })

export const ImageUploadResponse = Type.Object({
  success: Type.Literal(true),
  data: ImageUploadJson,
  message: Type.String()
}, { title: 'ImageUploadResponse' })
export type ImageUploadResponse = Static<typeof ImageUploadResponse>
