// An S3-compatible server on this machine (s3rver, from npm), with the buckets the system uses, their CORS rules for
// the browser's presigned POST, the POST policy checked as S3 checks it (local/post-policy.ts), and its object
// notifications reshaped into S3's own event records.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { S3Event, S3EventRecord } from 'aws-lambda'
import S3rver from 's3rver'
import { postPolicyCheck } from './post-policy.ts'

export interface LocalBucket {
  name: string
  /** Origins a browser may POST uploads from and GET objects from; none: no CORS rule. */
  corsOrigins?: string[]
}

export interface S3ServerOptions {
  port: number
  buckets: LocalBucket[]
  /** Where objects are kept; a temporary folder, removed at close, without one. */
  directory?: string
  /** Each object created or removed, as S3 would notify it. */
  onEvent?: (event: S3Event) => void
}

export interface S3Server {
  endpoint: string
  close: () => Promise<void>
}

const corsRules = (origins: string[]): string => `<CORSConfiguration>${origins.map((origin) => `<CORSRule>
  <AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod>
  <AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>
</CORSRule>`).join('')}</CORSConfiguration>`

/** s3rver's record in the shape S3 sends: a URL-encoded key, an ARN, an IPv4 source (Powertools' S3Schema checks them). */
export function s3Record (record: { eventName: string, eventTime: string, s3: { bucket: { name: string }, object: { key: string, size?: number, eTag?: string, sequencer: string } } }): S3EventRecord {
  const { bucket, object } = record.s3
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': object.sequencer, 'x-amz-id-2': 'local' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local',
      bucket: { name: bucket.name, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${bucket.name}` },
      object: {
        key: encodeURIComponent(object.key).replace(/%2F/g, '/'),
        size: object.size ?? 0,
        eTag: object.eTag ?? '',
        sequencer: object.sequencer
      }
    }
  }
}

export async function startS3Server (options: S3ServerOptions): Promise<S3Server> {
  const directory = options.directory ?? await mkdtemp(join(tmpdir(), 'items-api-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    silent: true,
    directory,
    configureBuckets: options.buckets.map((bucket) => ({
      name: bucket.name,
      configs: bucket.corsOrigins === undefined || bucket.corsOrigins.length === 0 ? [] : [corsRules(bucket.corsOrigins)]
    }))
  })
  // First of all middleware: s3rver itself accepts any POST form, whatever its policy says.
  server.middleware.unshift(postPolicyCheck())
  const { port } = await server.run()
  if (options.onEvent !== undefined) {
    const onEvent = options.onEvent
    server.on('event', (event) => onEvent({ Records: event.Records.map(s3Record) }))
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close()
      if (options.directory === undefined) await rm(directory, { recursive: true, force: true })
    }
  }
}
