// The API's ports on Azure: Cosmos DB for items, orders and idempotency records; the reports container of the
// Storage account, when the settings name one. Search and image uploads are not on Azure yet: those routes answer
// 503, as on an AWS stage without them.
import { AzureBlobStore } from '../../adapters/azure-storage/azure-blob-store.ts'
import { createBlobContainerClient } from '../../adapters/azure-storage/storage-clients.ts'
import { CosmosItemStore } from '../../adapters/cosmos/cosmos-item-store.ts'
import { CosmosOrderStore } from '../../adapters/cosmos/cosmos-order-store.ts'
import { CursorCodec } from '../../shared/cursor-codec.ts'
import type { AzureApiPorts } from './azure-api.ts'
import { cosmosClientOf } from './azure-cosmos.ts'
import type { AzureApiSettings } from './azure-settings.ts'
import { storageAccess } from './azure-storage-settings.ts'

export function cosmosDbApiPorts (settings: AzureApiSettings): AzureApiPorts {
  const { databaseId, containers } = settings.cosmos
  const client = cosmosClientOf(settings.cosmos)
  const cursors = new CursorCodec(settings.cursorSecret)
  const options = { idempotencyContainerId: containers.idempotency, cursors }
  const items = new CosmosItemStore(client, databaseId, containers.items, options)
  const orders = new CosmosOrderStore(client, databaseId, containers.orders, options)
  const { storage } = settings
  return {
    items,
    orders,
    reports: storage === undefined ? undefined : new AzureBlobStore(createBlobContainerClient(storageAccess(storage, 'blob'), storage.reportsContainer)),
    storage: { kind: 'cosmosdb', name: `${databaseId}/${containers.items}` },
    close: async () => {
      await Promise.all([items.close(), orders.close()])
    }
  }
}
