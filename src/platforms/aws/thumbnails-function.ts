// The thumbnail function on AWS: S3's ObjectCreated notifications under uploads/ become the objects the handler
// makes thumbnails of. S3 invokes it asynchronously, so a failure is thrown: Lambda retries the event twice, then
// sends it to the on-failure destination.
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3'
import type { Context } from 'aws-lambda'
import type { Logger } from 'pino'
import { z } from 'zod'
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../adapters/dynamodb/dynamodb-item-store.ts'
import { S3BlobStore } from '../../adapters/s3/s3-blob-store.ts'
import { createS3Client } from '../../adapters/s3/s3-client.ts'
import { imageUploadHandler, type CreatedObject, type UploadResult } from '../../handlers/on-image-upload.ts'
import type { ImageRecords } from '../../images/image-records.ts'
import type { BlobStore } from '../../shared/blob-store.ts'
import { lambdaFunction } from './lambda-function.ts'
import type { ThumbnailSettings } from './settings.ts'

export interface ThumbnailSummary { results: UploadResult[] }
export type ThumbnailHandler = (event: unknown, context: Context) => Promise<ThumbnailSummary>

/** An event that is not an S3 notification: thrown, so that it is not lost but sent on to the on-failure destination. */
export class ThumbnailEventError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ThumbnailEventError'
  }
}

/**
 * S3's notification as Powertools describes it, but for the source address: for a presigned POST it is the browser's,
 * which may be IPv6 (Powertools' schema takes IPv4 only).
 */
const S3Notification = z.object({
  Records: z.array(S3Schema.shape.Records.element.extend({ requestParameters: z.object({ sourceIPAddress: z.string() }) }))
})

/** S3 event keys are URL-encoded, with "+" for a space. */
const decodedKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '))

/** The objects an S3 notification says were created. */
export function createdObjects (event: unknown): CreatedObject[] {
  const parsed = S3Notification.safeParse(event)
  if (!parsed.success) throw new ThumbnailEventError(`not an S3 event notification: ${parsed.error.issues[0]?.message ?? 'no records'}`)
  return parsed.data.Records.map((record) => ({ key: decodedKey(record.s3.object.key), size: record.s3.object.size }))
}

/** The function serverless.yml deploys as `thumbnails`. */
export function thumbnailsFunction (settings: ThumbnailSettings, ports: { images?: BlobStore, items?: ImageRecords, log?: Logger } = {}): ThumbnailHandler {
  return lambdaFunction(settings, 'thumbnails', ({ log, counters }) => {
    const handle = imageUploadHandler({
      images: ports.images ?? new S3BlobStore(createS3Client(settings), settings.imagesBucket),
      items: ports.items ?? new DynamoDbItemStore(createDynamoDbClient(settings), settings.tableName),
      log,
      counters
    })
    return async (event: unknown) => {
      let objects: CreatedObject[]
      try {
        objects = createdObjects(event)
      } catch (error) {
        log.error({ err: error }, 'not an S3 event notification')
        throw error
      }
      return { results: await handle(objects) }
    }
  }, ports.log)
}
