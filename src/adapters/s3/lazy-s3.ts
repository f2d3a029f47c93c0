// The API's S3 adapters, loaded on first use: the API's init never loads the S3 client, and most requests never need it.
import type { S3Client } from '@aws-sdk/client-s3'
import type { BlobStore, LinkLifetimes, SignedLinks, UploadForm } from '../../shared/blob-store.ts'
import type { S3Location } from './s3-client.ts'

interface Loaded {
  client: S3Client
  BlobStore: typeof import('./s3-adapters.ts').S3BlobStore
  Links: typeof import('./s3-adapters.ts').S3SignedLinks
}

export interface LazyS3 {
  links: (bucket: string, lifetimes: LinkLifetimes) => SignedLinks
  blobs: (bucket: string) => Pick<BlobStore, 'get'>
  close: () => Promise<void>
}

/** One S3 client for every bucket the API uses, made by the first call that needs it; a failed load is tried again. */
export function lazyS3 (config: S3Location): LazyS3 {
  let loaded: Promise<Loaded> | undefined
  const load = async (): Promise<Loaded> => {
    loaded ??= import('./s3-adapters.ts')
      .then((adapters) => ({ client: adapters.createS3Client(config), BlobStore: adapters.S3BlobStore, Links: adapters.S3SignedLinks }))
      .catch((error: unknown) => {
        loaded = undefined
        throw error
      })
    return await loaded
  }
  return {
    links: (bucket, lifetimes) => ({
      uploadForm: async (key: string, options: { contentType: string, maxBytes: number }): Promise<UploadForm> => {
        const { client, Links } = await load()
        return await new Links(client, bucket, lifetimes).uploadForm(key, options)
      },
      viewUrls: async (keys: string[]): Promise<string[]> => {
        const { client, Links } = await load()
        return await new Links(client, bucket, lifetimes).viewUrls(keys)
      }
    }),
    blobs: (bucket) => ({
      get: async (key: string) => {
        const { client, BlobStore } = await load()
        return await new BlobStore(client, bucket).get(key)
      }
    }),
    close: async () => {
      if (loaded !== undefined) (await loaded.catch(() => undefined))?.client.destroy()
    }
  }
}
