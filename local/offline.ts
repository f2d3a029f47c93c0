// npm run offline: the built Lambda handler behind serverless-offline's API Gateway emulator, against the embedded
// DynamoDB (or DYNAMODB_ENDPOINT). Arguments go to `serverless offline`, e.g. `npm run offline -- --httpPort 3000`.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { devSettings } from './dev-settings.ts'
import { prepareStore } from './start-server.ts'
import { startupFailureLine } from './startup-errors.ts'
import { buildLambda } from '../scripts/build.ts'

// On Node 20, which this project supports, the AWS SDK warns at every start that its releases after January 2027 will
// need Node 22: news for whoever upgrades the SDK (package.json), nothing for whoever starts the server to act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

// The stage serverless-offline runs, and the table name serverless.yml gives that stage.
const STAGE = 'dev'
const TABLE_NAME = `items-api-${STAGE}-items`
const IDEMPOTENCY_TABLE_NAME = `items-api-${STAGE}-idempotency`
const ORDERS_TABLE_NAME = `items-api-${STAGE}-orders`

// The same choice as `npm run dev`: DYNAMODB_ENDPOINT when set, otherwise the embedded store; its tables made.
const { store } = await prepareStore(devSettings(process.env), { tableName: TABLE_NAME, idempotencyTableName: IDEMPOTENCY_TABLE_NAME, ordersTableName: ORDERS_TABLE_NAME }).catch((error: unknown) => {
  // One line naming the cause and the fix, as `npm run dev` prints it.
  process.stderr.write(`${startupFailureLine(error)}\n`)
  process.exit(1)
})
const endpoint = store.config.dynamodbEndpoint
await buildLambda()
console.log(JSON.stringify({ ...store.describe, table: TABLE_NAME }))

const cli = createRequire(import.meta.url).resolve('osls/bin/serverless.js')
// --localEnvironment: serverless-offline passes on only AWS_* variables otherwise, and the handler needs DYNAMODB_ENDPOINT.
// buckets=none: the buckets' names are CloudFormation's to resolve; without them the API answers as npm run dev does.
// cursorSecret=offline: the stack's secret is CloudFormation's to resolve too; a fixed stand-in signs the cursors.
const offline = spawn(process.execPath, [
  cli, 'offline', 'start', '--stage', STAGE, '--localEnvironment', '--param', 'buckets=none', '--param', 'cursorSecret=offline', ...process.argv.slice(2)
], {
  stdio: 'inherit',
  env: { ...process.env, DYNAMODB_ENDPOINT: endpoint }
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => offline.kill(signal))
offline.on('exit', (code, signal) => {
  const status = code ?? (signal === null ? 0 : 1)
  Promise.resolve(store.close?.()).finally(() => process.exit(status)).catch(() => process.exit(1))
})
