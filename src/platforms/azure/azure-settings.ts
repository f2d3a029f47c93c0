// The Azure API function's settings, from the function app's application settings (its environment): the app's own,
// and where its Cosmos DB account, database and containers are, validated once as the worker loads the entry, with
// the one-line errors of src/config.ts.
import type { CosmosContainerNames } from '../../adapters/cosmos/cosmos-containers.ts'
import { storageSettings, type StorageSettings } from './azure-storage-settings.ts'
import { appSettings, ConfigError, endpoint, functionSettings, matching, read, required, type AppSettings, type Env, type FunctionSettings } from '../../config.ts'

export interface CosmosSettings {
  endpoint: string
  /** The account key; without one, the function app's managed identity signs in (the deployment's choice). */
  key: string | undefined
  databaseId: string
  containers: CosmosContainerNames
}

export interface AzureApiSettings extends AppSettings {
  cursorSecret: string
  cosmos: CosmosSettings
  /** The Storage account of the reports; without one, GET /reports/daily/{date} answers 503. */
  storage: StorageSettings | undefined
}

// Cosmos DB's rules for database and container ids, narrowed to what a setting should hold.
const COSMOS_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/
const id = (env: Env, variable: string, fallback: string): string =>
  matching(env, variable, COSMOS_ID, 'letters, digits, - and _ (a Cosmos DB id)', fallback)

export function cosmosSettings (env: Env): CosmosSettings {
  const account = required('COSMOS_ENDPOINT', endpoint(env, 'COSMOS_ENDPOINT', 'https://<account>.documents.azure.com'),
    'the Cosmos DB account\'s endpoint, such as https://<account>.documents.azure.com')
  const key = read(env, 'COSMOS_KEY')
  // A token travels over TLS only; a plain-HTTP endpoint is a local server, which takes its well-known key.
  if (key === undefined && account.startsWith('http:')) throw new ConfigError('COSMOS_KEY', '', `the account key of the local server at ${account} (managed identity needs https)`)
  return {
    endpoint: account,
    key,
    databaseId: id(env, 'COSMOS_DATABASE', 'items-api'),
    containers: {
      items: id(env, 'COSMOS_ITEMS_CONTAINER', 'items'),
      orders: id(env, 'COSMOS_ORDERS_CONTAINER', 'orders'),
      idempotency: id(env, 'COSMOS_IDEMPOTENCY_CONTAINER', 'idempotency')
    }
  }
}

export function azureApiSettings (env: Env): AzureApiSettings {
  const settings = appSettings(env)
  // Workers come and go: each signing cursors with a secret of its own would refuse the others' cursors.
  const cursorSecret = required('CURSOR_SECRET', settings.cursorSecret, 'a secret of 32 characters or more, the same for every worker')
  const hasStorage = read(env, 'STORAGE_CONNECTION_STRING') !== undefined || read(env, 'STORAGE_ACCOUNT_NAME') !== undefined
  return { ...settings, cursorSecret, cosmos: cosmosSettings(env), storage: hasStorage ? storageSettings(env) : undefined }
}

/**
 * The event-driven functions' settings: their logging, Cosmos DB and the Storage account. They share one function
 * app, and so one environment; each reads what it uses of these.
 */
export interface EventFunctionSettings extends FunctionSettings { cosmos: CosmosSettings, storage: StorageSettings }

export function eventFunctionSettings (env: Env): EventFunctionSettings {
  return { ...functionSettings(env), cosmos: cosmosSettings(env), storage: storageSettings(env) }
}
