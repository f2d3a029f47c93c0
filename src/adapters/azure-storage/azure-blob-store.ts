// BlobStore on one Blob Storage container: each key a block blob, written in one Put Blob.
import { buffer } from 'node:stream/consumers'
import type { ContainerClient } from '@azure/storage-blob'
import type { BlobStore, PutOptions } from '../../shared/blob-store.ts'
import { STORAGE_LIMITS } from './storage-clients.ts'
import { callDeadline, rethrowAsUnavailable } from './storage-errors.ts'

/**
 * A metadata name as Blob Storage takes it. Its names are C# identifiers, and the port's are S3's (`source-key`): a
 * character other than a letter, digit or `_` becomes `_`, and a leading digit gets a `_` before it.
 */
export const metadataName = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_')

export class AzureBlobStore implements BlobStore {
  constructor (readonly container: ContainerClient) {}

  async get (key: string): Promise<Uint8Array | undefined> {
    const abortSignal = callDeadline()
    try {
      // Retries of a body cut short resume where it broke, as many times as a call tries.
      const download = await this.container.getBlobClient(key).download(0, undefined, { abortSignal, maxRetryRequests: STORAGE_LIMITS.maxTries - 1 })
      return new Uint8Array(await buffer(download.readableStreamBody!))
    } catch (error) {
      if ((error as { code?: unknown }).code === 'BlobNotFound') return undefined
      return rethrowAsUnavailable(error)
    }
  }

  async put (key: string, body: Uint8Array | string, options: PutOptions): Promise<void> {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    const metadata = options.metadata === undefined
      ? undefined
      : Object.fromEntries(Object.entries(options.metadata).map(([name, value]) => [metadataName(name), value]))
    await this.container.getBlockBlobClient(key).upload(bytes, bytes.byteLength, {
      abortSignal: callDeadline(),
      blobHTTPHeaders: { blobContentType: options.contentType, blobCacheControl: options.cacheControl },
      metadata
    }).catch(rethrowAsUnavailable)
  }

  async delete (keys: string[]): Promise<void> {
    const abortSignal = callDeadline()
    // Blob Storage deletes one blob a request; deleteIfExists takes a 404 as done. Every request ends before the call
    // does, and the first failure is the call's.
    const results = await Promise.allSettled(keys.map(async (key) =>
      await this.container.getBlobClient(key).deleteIfExists({ abortSignal, deleteSnapshots: 'include' })))
    const failed = results.find((result) => result.status === 'rejected')
    if (failed !== undefined) rethrowAsUnavailable(failed.reason)
  }
}
