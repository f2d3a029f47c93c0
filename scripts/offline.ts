// npm run offline: the built Lambda handler behind serverless-offline's API Gateway emulator, against the embedded
// DynamoDB (or DYNAMODB_ENDPOINT). Arguments go to `serverless offline`, e.g. `npm run offline -- --httpPort 3000`.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { loadConfig } from '../src/config.ts'
import { chooseStore, type StoreChoice } from '../src/start-server.ts'
import { createDynamoDbClient } from '../src/store/dynamodb-client.ts'
import { ensureTables } from '../src/store/ensure-table.ts'
import { startupFailureLine, storeFailure } from '../src/startup-errors.ts'
import { buildLambda } from './build.ts'

// On Node 20, which this project supports, the AWS SDK warns at every start that its releases after January 2027 will
// need Node 22: news for whoever upgrades the SDK (package.json), nothing for whoever starts the server to act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

// The stage serverless-offline runs, and the table name serverless.yml gives that stage.
const STAGE = 'dev'
const TABLE_NAME = `items-api-${STAGE}-items`
const IDEMPOTENCY_TABLE_NAME = `items-api-${STAGE}-idempotency`

/** The same choice as `npm run dev`: DYNAMODB_ENDPOINT when set, otherwise the embedded store; its tables made. */
async function prepareStore (): Promise<StoreChoice> {
  const store = await chooseStore(loadConfig())
  const client = createDynamoDbClient(store.config)
  try {
    await ensureTables(client, { tableName: TABLE_NAME, idempotencyTableName: IDEMPOTENCY_TABLE_NAME }).finally(() => client.destroy())
  } catch (error) {
    await store.close?.()
    throw storeFailure(error, store.close === undefined ? store.config.dynamodbEndpoint : undefined)
  }
  return store
}

const store = await prepareStore().catch((error: unknown) => {
  // One line naming the cause and the fix, as `npm run dev` prints it.
  process.stderr.write(`${startupFailureLine(error)}\n`)
  process.exit(1)
})
const endpoint = store.config.dynamodbEndpoint
await buildLambda()
console.log(JSON.stringify({ ...store.describe, table: TABLE_NAME }))

const cli = createRequire(import.meta.url).resolve('osls/bin/serverless.js')
// --localEnvironment: serverless-offline passes on only AWS_* variables otherwise, and the handler needs DYNAMODB_ENDPOINT.
const offline = spawn(process.execPath, [cli, 'offline', 'start', '--stage', STAGE, '--localEnvironment', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, DYNAMODB_ENDPOINT: endpoint }
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => offline.kill(signal))
offline.on('exit', (code, signal) => {
  const status = code ?? (signal === null ? 0 : 1)
  Promise.resolve(store.close?.()).finally(() => process.exit(status)).catch(() => process.exit(1))
})
