// A blob as Blob Storage lists it, with what Event Grid's BlobCreated carries of it (local/azure/blob-created-driver.ts).
import type { BlobItem } from '@azure/storage-blob'

export const blobItem = (name: string, contentLength: number, etag: string): BlobItem =>
  ({ name, deleted: false, snapshot: '', properties: { contentLength, etag, contentType: 'image/jpeg', lastModified: new Date() } }) as BlobItem
