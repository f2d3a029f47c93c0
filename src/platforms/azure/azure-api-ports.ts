// The API's ports on Azure: Cosmos DB for items, orders and idempotency records; when the settings name a Storage
// account, its images container's signed links (uploads, thumbnails) and its reports container. Search is not on
// Azure: that route answers 503, as on an AWS stage without a search domain.
import { AzureBlobStore } from '../../adapters/azure-storage/azure-blob-store.ts'
import { AzureSignedLinks } from '../../adapters/azure-storage/azure-signed-links.ts'
import { createBlobContainerClient, createBlobServiceClient } from '../../adapters/azure-storage/storage-clients.ts'
import { CosmosItemStore } from '../../adapters/cosmos/cosmos-item-store.ts'
import { CosmosOrderStore } from '../../adapters/cosmos/cosmos-order-store.ts'
import { IMAGE_LINK_LIFETIMES } from '../../images/image-keys.ts'
import { CursorCodec } from '../../shared/cursor-codec.ts'
import type { AzureApiPorts } from './azure-api.ts'
import { cosmosClientOf } from './azure-cosmos.ts'
import type { AzureApiSettings } from './azure-settings.ts'
import { storageAccess, type StorageSettings } from './azure-storage-settings.ts'

export function cosmosDbApiPorts (settings: AzureApiSettings): AzureApiPorts {
  const { databaseId, containers } = settings.cosmos
  const client = cosmosClientOf(settings.cosmos)
  const cursors = new CursorCodec(settings.cursorSecret)
  const options = { idempotencyContainerId: containers.idempotency, cursors }
  const items = new CosmosItemStore(client, databaseId, containers.items, options)
  const orders = new CosmosOrderStore(client, databaseId, containers.orders, options)
  return {
    items,
    orders,
    ...(settings.storage === undefined ? {} : blobPorts(settings.storage)),
    storage: { kind: 'cosmosdb', name: `${databaseId}/${containers.items}` },
    close: async () => {
      await Promise.all([items.close(), orders.close()])
    }
  }
}

/** The images container's signed links, and the reports container. */
function blobPorts (storage: StorageSettings): Pick<AzureApiPorts, 'links' | 'reports'> {
  const access = storageAccess(storage, 'blob')
  return {
    links: new AzureSignedLinks(createBlobServiceClient(access), storage.imagesContainer, IMAGE_LINK_LIFETIMES),
    reports: new AzureBlobStore(createBlobContainerClient(access, storage.reportsContainer))
  }
}
