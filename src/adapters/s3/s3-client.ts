// Builds the S3 client from configuration: AWS itself on Lambda, or an S3-compatible endpoint (path-style) locally.
import { S3Client } from '@aws-sdk/client-s3'
import { REQUEST_HANDLER, STORE_LIMITS } from '../aws-sdk/sdk-limits.ts'

// The local S3-compatible server's (s3rver's) one account; it checks signatures, so the key must be its own.
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/** Where the client sends: a region, and an S3-compatible endpoint (undefined: AWS itself). */
export interface S3Location { region: string, s3Endpoint: string | undefined }

export function createS3Client (config: S3Location, env = process.env): S3Client {
  const local = config.s3Endpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined
  return new S3Client({
    region: config.region,
    endpoint: config.s3Endpoint,
    // A local server answers at one host and port: the bucket goes in the path, not in a host name.
    forcePathStyle: config.s3Endpoint !== undefined,
    credentials: local ? LOCAL_CREDENTIALS : undefined,
    maxAttempts: STORE_LIMITS.maxAttempts,
    // The request timeout is the longest wait for the next bytes, not for the whole body: a 10 MiB image streams well within it.
    requestHandler: REQUEST_HANDLER
  })
}
