// Event Grid's BlobCreated for one blob, as a Storage account's system topic sends it to the thumbnails function.
import { randomUUID } from 'node:crypto'
import type { EventGridEvent } from '@azure/functions'

/** The event of the blob at `url` (its container's URL, then `key`). */
export function blobCreatedEvent (url: string, key: string, contentLength: number, eTag: string): EventGridEvent {
  const container = new URL(url).pathname.split('/').at(-1 - key.split('/').length)!
  return {
    topic: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/items-api/providers/Microsoft.Storage/storageAccounts/itemsapi',
    subject: `/blobServices/default/containers/${container}/blobs/${key}`,
    eventType: 'Microsoft.Storage.BlobCreated',
    eventTime: new Date().toISOString(),
    id: randomUUID(),
    data: {
      api: 'PutBlob',
      clientRequestId: randomUUID(),
      requestId: randomUUID(),
      eTag,
      contentType: 'image/jpeg',
      contentLength,
      blobType: 'BlockBlob',
      url,
      sequencer: '00000000000000000000000000000000000000000000000000',
      storageDiagnostics: { batchId: randomUUID() }
    },
    dataVersion: '',
    metadataVersion: '1'
  }
}
