// Where the local Azure system's servers listen by default, and the function app's environment pointed at them: what
// `npm run local:azure` starts its functions with, and what `npm run report:azure` reads to reach the running system.
import { LOCAL_COSMOS_KEY } from './cosmos-feed-server.ts'

/** Where `npm run local:azure` serves Cosmos DB and Azurite's Blob and Queue services (their emulators' usual ports). */
export const LOCAL_AZURE_PORTS = { cosmos: 8081, blob: 10000, queue: 10001 } as const

/** Signs the list cursors when CURSOR_SECRET is unset: every local worker shares it. */
const LOCAL_CURSOR_SECRET = 'the-local-azure-system-cursor-secret'

/** The function app's settings for these servers: the caller's environment, with the servers' addresses. */
export function localFunctionEnv (env: Record<string, string | undefined>, cosmosEndpoint: string, connectionString: string): Record<string, string | undefined> {
  return {
    ...env,
    COSMOS_ENDPOINT: cosmosEndpoint,
    COSMOS_KEY: LOCAL_COSMOS_KEY,
    STORAGE_CONNECTION_STRING: connectionString,
    CURSOR_SECRET: env.CURSOR_SECRET ?? LOCAL_CURSOR_SECRET
  }
}
