// Drives the thumbnail function the way Event Grid's subscription to the Storage account's BlobCreated events does:
// it lists the images container under uploads/ and hands each new blob, once, to the function as the event Event
// Grid delivers. A blob is new until the function has handled it: receipts by name and ETag, as the host's blob
// receipts are kept, so a blob written again is new again. A failed event is delivered again at the next poll, up to
// maxAttempts times (the subscription has Event Grid try 10 times within 24 hours, then dead-letter it), then given up.
import { randomUUID } from 'node:crypto'
import type { EventGridEvent, InvocationContext } from '@azure/functions'
import type { BlobItem, ContainerClient } from '@azure/storage-blob'
import { UPLOADS_PREFIX } from '../../src/images/image-keys.ts'
import type { Poller } from '../lambda-context.ts'
import { hostContext } from './host-context.ts'

export interface BlobCreatedDriverOptions {
  container: ContainerClient
  /** The Storage account's name: the system topic's. */
  accountName: string
  handler: (event: EventGridEvent, context: InvocationContext) => Promise<unknown>
  functionName: string
  maxAttempts: number
  pollIntervalMs: number
  onGiveUp?: (event: EventGridEvent) => void
  onError: (error: unknown) => void
}

/** The event Event Grid delivers for `blob` of the container at `url`: Microsoft.Storage.BlobCreated, as Azure writes it. */
export function blobCreatedEvent (blob: BlobItem, containerUrl: string, accountName: string): EventGridEvent {
  const container = new URL(containerUrl).pathname.split('/').at(-1)!
  return {
    topic: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/items-api-local/providers/Microsoft.Storage/storageAccounts/${accountName}`,
    subject: `/blobServices/default/containers/${container}/blobs/${blob.name}`,
    eventType: 'Microsoft.Storage.BlobCreated',
    eventTime: (blob.properties.lastModified ?? new Date()).toISOString(),
    id: randomUUID(),
    data: {
      api: 'PutBlob',
      clientRequestId: randomUUID(),
      requestId: randomUUID(),
      eTag: blob.properties.etag,
      contentType: blob.properties.contentType,
      contentLength: blob.properties.contentLength,
      blobType: 'BlockBlob',
      url: `${containerUrl}/${blob.name}`,
      sequencer: '0'.repeat(48),
      storageDiagnostics: { batchId: randomUUID() }
    },
    dataVersion: '',
    metadataVersion: '1'
  }
}

export function startBlobCreatedDriver (options: BlobCreatedDriverOptions): Poller {
  const receipts = new Set<string>()
  const attempts = new Map<string, number>()
  const abort = new AbortController()
  const deliver = async (blob: BlobItem): Promise<void> => {
    const receipt = `${blob.name}|${blob.properties.etag}`
    if (receipts.has(receipt)) return
    const event = blobCreatedEvent(blob, options.container.url, options.accountName)
    try {
      await options.handler(event, hostContext(options.functionName))
    } catch (error) {
      options.onError(error)
      const attempt = (attempts.get(receipt) ?? 0) + 1
      attempts.set(receipt, attempt)
      if (attempt < options.maxAttempts) return
      options.onGiveUp?.(event)
    }
    attempts.delete(receipt)
    receipts.add(receipt)
  }
  const poll = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        for await (const blob of options.container.listBlobsFlat({ prefix: UPLOADS_PREFIX })) {
          if (abort.signal.aborted) break
          await deliver(blob)
        }
      } catch (error) {
        if (!abort.signal.aborted) options.onError(error)
      }
      if (!abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs))
    }
  }
  const running = poll()
  return {
    stop: async () => {
      abort.abort()
      await running
    }
  }
}
