// npm run local: the whole system on this machine (local/system.ts), until Ctrl-C. PORT, LOCAL_DYNAMODB_PORT and
// DATA_DIR as for npm run dev; LOCAL_VISIBILITY_TIMEOUT (seconds) for how soon a failed message comes back.
import { startupFailureLine } from '../src/startup-errors.ts'
import { startLocalSystem } from './system.ts'

// As in `npm run dev`: the SDK's Node 20 notice is news for whoever upgrades it, nothing to act on here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
// The functions' CloudWatch metrics would be printed as JSON on this terminal; they are for AWS.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true'

const system = await startLocalSystem({
  port: Number(process.env.PORT ?? 8000),
  dynamodbPort: Number(process.env.LOCAL_DYNAMODB_PORT ?? 8001),
  dataDir: process.env.DATA_DIR === undefined ? undefined : `${process.env.DATA_DIR}/dynamodb-local`,
  visibilityTimeoutSeconds: Number(process.env.LOCAL_VISIBILITY_TIMEOUT ?? 2),
  pollIntervalMs: 100
}).catch((error: unknown) => {
  process.stderr.write(`${startupFailureLine(error)}\n`)
  process.exit(1)
})

system.log.info({
  api: system.url,
  docs: `${system.url}/docs`,
  dynamodb_local: system.dynamodb.endpoint,
  tables: [system.config.tableName, system.config.ordersTableName],
  queue: system.queue.name,
  dead_letter_queue: system.deadLetters.name,
  search: 'embedded (in this process)'
}, 'the whole system is running: place an order with POST /orders and watch it reach CONFIRMED')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    system.close().then(() => process.exit(0), () => process.exit(1))
  })
}
