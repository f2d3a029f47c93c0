// Creates the Cosmos DB database and the stores' containers when they are missing (local servers and tests only; on
// Azure the deployment owns them, from the same definitions in src/adapters/cosmos/cosmos-containers.ts).
import type { CosmosClient, Database } from '@azure/cosmos'
import { cosmosContainers, type CosmosContainerNames } from '../src/adapters/cosmos/cosmos-containers.ts'

/** The database `databaseId` with the items, orders and idempotency containers; created where missing. */
export async function ensureCosmosContainers (client: CosmosClient, databaseId: string, names: CosmosContainerNames): Promise<Database> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId })
  for (const definition of cosmosContainers(names)) await database.containers.createIfNotExists(definition)
  return database
}
