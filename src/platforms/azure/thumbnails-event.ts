// The thumbnail function on Azure: Event Grid's BlobCreated event for a blob under uploads/ in the images container
// (the storage account's system topic, filtered by subject), through the platform-neutral upload handler. The event
// carries the blob's size, so an oversized upload (a SAS cannot limit it) is refused and deleted before a byte of it
// is read. An event that is not such a BlobCreated is thrown, so that Event Grid retries and then dead-letters it.
import type { EventGridEvent, InvocationContext } from '@azure/functions'
import { z } from 'zod'
import type { FunctionSettings } from '../../config.ts'
import { imageUploadHandler, type UploadDependencies, type UploadResult } from '../../handlers/on-image-upload.ts'
import { azureFunction, type AzureFunctionTools } from './azure-function.ts'

/** An event this function is not for: thrown, never dropped. */
export class BlobEventError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'BlobEventError'
  }
}

const BlobCreated = z.object({
  eventType: z.literal('Microsoft.Storage.BlobCreated'),
  // /blobServices/default/containers/{container}/blobs/{name}
  subject: z.string().regex(/^\/blobServices\/default\/containers\/[^/]+\/blobs\/.+$/),
  data: z.object({ contentLength: z.number().int().nonnegative().optional() })
})

/** The created blob's container, name (the key under it) and size, as the event says. */
export function createdBlob (event: unknown): { container: string, key: string, size: number | undefined } {
  const parsed = BlobCreated.safeParse(event)
  if (!parsed.success) throw new BlobEventError(`not a BlobCreated event of Blob Storage: ${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`)
  const [, container, key] = /^\/blobServices\/default\/containers\/([^/]+)\/blobs\/(.+)$/.exec(parsed.data.subject)!
  return { container, key, size: parsed.data.data.contentLength }
}

/** The function the Azure entry registers as `thumbnails`; `container`: the images container, the only one it serves. */
export function thumbnailsEvent (settings: FunctionSettings, ports: UploadDependencies & { container: string }, log?: AzureFunctionTools['log']):
(event: EventGridEvent, context: InvocationContext) => Promise<UploadResult[]> {
  return azureFunction(settings, ({ log, counters }) => {
    const handle = imageUploadHandler({ images: ports.images, items: ports.items, log, counters })
    return async (event) => {
      let blob: ReturnType<typeof createdBlob>
      try {
        blob = createdBlob(event)
        if (blob.container !== ports.container) throw new BlobEventError(`a blob of container ${blob.container}, not of the images container ${ports.container}`)
      } catch (error) {
        log.error({ err: error, event_id: event.id, subject: event.subject }, 'not an upload of the images container')
        throw error
      }
      return await handle([{ key: blob.key, size: blob.size }])
    }
  }, log)
}
