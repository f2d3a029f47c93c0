// Where the Azure functions' own Storage account is, and its queues and containers: a connection string (Azurite, or
// an account with its keys enabled), or the account's name, reached with the function app's managed identity.
import { DefaultAzureCredential } from '@azure/identity'
import type { StorageAccess } from '../../adapters/azure-storage/storage-clients.ts'
import { ConfigError, matching, read, type Env } from '../../config.ts'

export interface StorageSettings {
  /** With the account key; undefined: `accountName` with the managed identity. */
  connectionString: string | undefined
  accountName: string | undefined
  orderQueue: string
  /** Where the change-feed consumer describes changes that failed their retries. */
  failuresQueue: string
  imagesContainer: string
  reportsContainer: string
}

// Queue and container names: 3 to 63 lower-case letters, digits and single dashes.
const STORAGE_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/
const name = (env: Env, variable: string, fallback: string): string =>
  matching(env, variable, STORAGE_NAME, '3 to 63 lower-case letters, digits and dashes (a queue or container name)', fallback)

export function storageSettings (env: Env): StorageSettings {
  const connectionString = read(env, 'STORAGE_CONNECTION_STRING')
  const accountName = read(env, 'STORAGE_ACCOUNT_NAME')
  if (connectionString === undefined && accountName === undefined) {
    throw new ConfigError('STORAGE_ACCOUNT_NAME', '', 'the Storage account\'s name (or STORAGE_CONNECTION_STRING with its key)')
  }
  if (accountName !== undefined && !/^[a-z0-9]{3,24}$/.test(accountName)) throw new ConfigError('STORAGE_ACCOUNT_NAME', accountName, '3 to 24 lower-case letters and digits')
  return {
    connectionString,
    accountName,
    orderQueue: name(env, 'ORDER_QUEUE_NAME', 'orders'),
    failuresQueue: name(env, 'ORDER_CHANGES_FAILURES_QUEUE_NAME', 'order-changes-failures'),
    imagesContainer: name(env, 'IMAGES_CONTAINER_NAME', 'images'),
    reportsContainer: name(env, 'REPORTS_CONTAINER_NAME', 'reports')
  }
}

/** How the clients reach the account's `service`: its key, or its endpoint with the managed identity. */
export function storageAccess (settings: StorageSettings, service: 'blob' | 'queue'): StorageAccess {
  if (settings.connectionString !== undefined) return { connectionString: settings.connectionString }
  return { serviceUrl: `https://${settings.accountName!}.${service}.core.windows.net`, credential: new DefaultAzureCredential() }
}
