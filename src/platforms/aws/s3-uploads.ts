// The thumbnail function: each S3 ObjectCreated record under uploads/ handed to processUpload. S3 invokes it
// asynchronously, so a failure is thrown: Lambda retries the event twice, then sends it to the on-failure destination.
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics'
import { S3Schema } from '@aws-lambda-powertools/parser/schemas/s3'
import type { Context, S3Event } from 'aws-lambda'
import type { Logger } from 'pino'
import { z } from 'zod'
import type { BlobStore } from '../../shared/blob-store.ts'
import { invocationFieldsFor, withinInvocation } from '../../shared/invocation.ts'
import type { ItemStore } from '../../items/item-store.ts'
import { processUpload, type UploadResult } from '../../handlers/on-image-upload.ts'

export interface ThumbnailDependencies {
  images: BlobStore
  items: Pick<ItemStore, 'get' | 'recordImage'>
  log: Logger
  metrics: Metrics
  initialization?: string
}

export interface ThumbnailSummary { results: UploadResult[] }

/** An event that is not an S3 notification, or records that could not be handled: thrown, so the event is not lost. */
export class ThumbnailEventError extends Error {
  constructor (message: string, readonly errors: unknown[] = []) {
    super(message)
    this.name = 'ThumbnailEventError'
  }
}

const RESULT_METRICS: Record<UploadResult['kind'], string> = {
  ready: 'ImagesReady',
  failed: 'ImagesFailed',
  removed: 'UploadsRemoved',
  ignored: 'UploadsIgnored',
  gone: 'UploadsGone'
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

export function createThumbnailHandler ({ images, items, log, metrics, initialization }: ThumbnailDependencies):
(event: S3Event, context: Context) => Promise<ThumbnailSummary> {
  const fieldsOf = invocationFieldsFor(initialization)
  return async (event, context) => await withinInvocation(fieldsOf(context), async () => {
    try {
      const parsed = S3Notification.safeParse(event)
      if (!parsed.success) {
        log.error({ issues: parsed.error.issues.slice(0, 5) }, 'not an S3 event notification')
        throw new ThumbnailEventError(`not an S3 event notification: ${parsed.error.issues[0]?.message ?? 'no records'}`)
      }
      const results: UploadResult[] = []
      const errors: unknown[] = []
      for (const record of parsed.data.Records) {
        const key = decodedKey(record.s3.object.key)
        const started = performance.now()
        try {
          const result = await processUpload(key, record.s3.object.size, { images, items })
          results.push(result)
          metrics.addMetric(RESULT_METRICS[result.kind], MetricUnit.Count, 1)
          log.info({ key, ...result, ms: Math.round(performance.now() - started) }, `upload ${result.kind}`)
        } catch (error) {
          errors.push(error)
          log.error({ key, err: error }, 'upload not processed: the event will be retried, then sent to the on-failure destination')
        }
      }
      if (errors.length > 0) {
        metrics.addMetric('UploadErrors', MetricUnit.Count, errors.length)
        throw new ThumbnailEventError(`${errors.length} of ${parsed.data.Records.length} uploads not processed`, errors)
      }
      return { results }
    } finally {
      metrics.publishStoredMetrics()
    }
  })
}
