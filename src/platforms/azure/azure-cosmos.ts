// The Cosmos DB client of an Azure function, from its settings: the account key where one is given (a local server,
// or an account that allows keys), otherwise the function app's managed identity (DefaultAzureCredential finds it on
// Azure, and a developer's az login on a laptop), so that the account can refuse keys altogether.
import type { CosmosClient } from '@azure/cosmos'
import { DefaultAzureCredential } from '@azure/identity'
import { createCosmosClient } from '../../adapters/cosmos/cosmos-client.ts'
import type { CosmosSettings } from './azure-settings.ts'

export function cosmosClientOf ({ endpoint, key }: CosmosSettings): CosmosClient {
  return createCosmosClient(key === undefined ? { endpoint, credential: new DefaultAzureCredential() } : { endpoint, key })
}
