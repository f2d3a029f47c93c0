// The API's ports on Azure: Cosmos DB for items, orders and idempotency records, Blob Storage for images and reports.
// Their adapters are not written yet, so the function app refuses to start rather than answer without stores.
import type { AzureApiPorts } from './azure-api.ts'

/** Cosmos DB's ports; until their adapters exist, the error that stops the worker loading the entry. */
export function cosmosDbApiPorts (): AzureApiPorts {
  throw new Error('The API on Azure has no stores yet: its Cosmos DB adapters are not written')
}
