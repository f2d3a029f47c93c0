// The API's ports on Azure: Cosmos DB for items, orders and idempotency records. Search, image links and reports
// are not on Azure yet: those routes answer 503, as on an AWS stage without them.
import { CosmosItemStore } from '../../adapters/cosmos/cosmos-item-store.ts'
import { CosmosOrderStore } from '../../adapters/cosmos/cosmos-order-store.ts'
import { CursorCodec } from '../../shared/cursor-codec.ts'
import type { AzureApiPorts } from './azure-api.ts'
import { cosmosClientOf } from './azure-cosmos.ts'
import type { AzureApiSettings } from './azure-settings.ts'

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
    storage: { kind: 'cosmosdb', name: `${databaseId}/${containers.items}` },
    close: async () => {
      await Promise.all([items.close(), orders.close()])
    }
  }
}
