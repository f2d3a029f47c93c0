// Real-shaped S3 notifications (local/aws-events/s3-base.json) for the objects a test uploads.
import { readFileSync } from 'node:fs'
import type { S3Event } from 'aws-lambda'
import { TEST_BUCKETS } from '../../s3.ts'

const RECORD = JSON.parse(readFileSync(new URL('../../../local/aws-events/s3-base.json', import.meta.url), 'utf8')).Records[0]

/** The fixture's record for an object of ours: the key URL-encoded, as S3 sends it. */
export function s3Event (key: string, size: number, bucket: string = TEST_BUCKETS.images): S3Event {
  const record = structuredClone(RECORD)
  record.eventName = 'ObjectCreated:Post'
  record.s3.bucket = { ...record.s3.bucket, name: bucket, arn: `arn:aws:s3:::${bucket}` }
  record.s3.object = { ...record.s3.object, key: encodeURIComponent(key).replace(/%2F/g, '/'), size }
  return { Records: [record] }
}
