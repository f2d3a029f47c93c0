// The S3-compatible server tests use: s3rver from npm (local/s3-server.ts), one per test file, with an images and a
// reports bucket, every notification it sends collected.
import type { S3Event } from 'aws-lambda'
import t from 'tap'
import { createS3Client } from '../src/adapters/s3/s3-client.ts'
import { S3BlobStore } from '../src/adapters/s3/s3-blob-store.ts'
import { startS3Server } from '../local/s3-server.ts'

export const TEST_BUCKETS = { images: 'test-images', reports: 'test-reports' } as const

export interface TestS3 {
  endpoint: string
  /** The app's environment for both buckets on this server. */
  env: { S3_ENDPOINT: string, IMAGES_BUCKET: string, REPORTS_BUCKET: string }
  images: S3BlobStore
  reports: S3BlobStore
  events: S3Event[]
}

let started: Promise<TestS3> | undefined

export function testS3 (): Promise<TestS3> {
  started ??= (async () => {
    const events: S3Event[] = []
    const server = await startS3Server({
      port: 0,
      buckets: [{ name: TEST_BUCKETS.images, corsOrigins: ['*'] }, { name: TEST_BUCKETS.reports }],
      onEvent: (event) => events.push(event)
    })
    t.teardown(async () => await server.close())
    const client = createS3Client({ region: 'us-east-1', s3Endpoint: server.endpoint }, {})
    t.teardown(() => client.destroy())
    return {
      endpoint: server.endpoint,
      env: { S3_ENDPOINT: server.endpoint, IMAGES_BUCKET: TEST_BUCKETS.images, REPORTS_BUCKET: TEST_BUCKETS.reports },
      images: new S3BlobStore(client, TEST_BUCKETS.images),
      reports: new S3BlobStore(client, TEST_BUCKETS.reports),
      events
    }
  })()
  return started
}

/** Posts a presigned upload form as a browser does: its fields, then the file. */
export async function postForm (form: { url: string, fields: Record<string, string> }, file: Uint8Array, type: string): Promise<Response> {
  const body = new FormData()
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value)
  body.append('file', new Blob([file], { type }), 'upload')
  return await fetch(form.url, { method: 'POST', body })
}
