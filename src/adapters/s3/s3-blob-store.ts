// BlobStore on one S3 bucket.
import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { rethrowAsStoreError } from '../aws-sdk/sdk-errors.ts'
import type { BlobStore, PutOptions } from '../../shared/blob-store.ts'

export class S3BlobStore implements BlobStore {
  constructor (readonly client: S3Client, readonly bucket: string) {}

  async get (key: string): Promise<Uint8Array | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      return await object.Body?.transformToByteArray()
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return undefined
      return rethrowAsStoreError(error)
    }
  }

  async put (key: string, body: Uint8Array | string, options: PutOptions): Promise<void> {
    await this.client.send(new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      Body: body,
      ContentType: options.contentType,
      Metadata: options.metadata,
      CacheControl: options.cacheControl
    })).catch(rethrowAsStoreError)
  }

  async delete (keys: string[]): Promise<void> {
    if (keys.length === 0) return
    const result = await this.client.send(new DeleteObjectsCommand({
      Bucket: this.bucket,
      Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true }
    })).catch(rethrowAsStoreError)
    const failed = result.Errors ?? []
    if (failed.length > 0) throw new Error(`could not delete ${failed.map((error) => `${error.Key} (${error.Code})`).join(', ')}`)
  }
}
