// SignedLinks on one S3 bucket: presigned POST policies for uploads, presigned GETs for reading.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import type { LinkLifetimes, SignedLinks, UploadForm } from '../../shared/blob-store.ts'

export class S3SignedLinks implements SignedLinks {
  constructor (readonly client: S3Client, readonly bucket: string, readonly lifetimes: LinkLifetimes, readonly now = () => new Date()) {}

  async uploadForm (key: string, options: { contentType: string, maxBytes: number }): Promise<UploadForm> {
    const expiresAt = new Date(this.now().getTime() + this.lifetimes.uploadSeconds * 1000)
    const { url, fields } = await createPresignedPost(this.client, {
      Bucket: this.bucket,
      // The key is a condition of the policy: the form uploads this object and no other.
      Key: key,
      Conditions: [
        ['eq', '$Content-Type', options.contentType],
        ['content-length-range', 1, options.maxBytes]
      ],
      Fields: { 'Content-Type': options.contentType },
      Expires: this.lifetimes.uploadSeconds
    })
    return { method: 'POST', url, fields, headers: {}, expiresAt }
  }

  async viewUrls (keys: string[]): Promise<string[]> {
    return await Promise.all(keys.map(async (Key) =>
      await getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key }), { expiresIn: this.lifetimes.viewSeconds })))
  }
}
