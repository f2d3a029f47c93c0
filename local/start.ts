// npm run local: the whole system on this machine (local/system.ts), until Ctrl-C. PORT, LOCAL_DYNAMODB_PORT,
// LOCAL_S3_PORT, LOCAL_SQS_PORT and DATA_DIR as for npm run dev; LOCAL_VISIBILITY_TIMEOUT (seconds) for how soon a failed message
// comes back.
import { runUntilSignal } from './startup-errors.ts'
import { LOCAL_PORTS, startLocalSystem } from './system.ts'

// As in `npm run dev`: the SDK's Node 20 notice is news for whoever upgrades it, nothing to act on here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
// The functions' CloudWatch metrics would be printed as JSON on this terminal; they are for AWS.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true'

// Ctrl-C or SIGTERM, during the start as after it, stops everything started (runUntilSignal).
const system = await runUntilSignal(async () => await startLocalSystem({
  port: Number(process.env.PORT ?? 8000),
  dynamodbPort: Number(process.env.LOCAL_DYNAMODB_PORT ?? LOCAL_PORTS.dynamodb),
  s3Port: Number(process.env.LOCAL_S3_PORT ?? LOCAL_PORTS.s3),
  sqsPort: Number(process.env.LOCAL_SQS_PORT ?? LOCAL_PORTS.sqs),
  dataDir: process.env.DATA_DIR,
  visibilityTimeoutSeconds: Number(process.env.LOCAL_VISIBILITY_TIMEOUT ?? 2),
  pollIntervalMs: 100,
  retryDelayMs: 1000
}))

if (system !== undefined) {
  system.log.info({
    api: system.url,
    docs: `${system.url}/docs`,
    dynamodb_local: system.dynamodb.endpoint,
    tables: [system.config.tableName, system.config.ordersTableName],
    sqs: system.sqs.endpoint,
    queue: system.queue.url,
    dead_letter_queue: system.deadLetters.url,
    search: 'embedded (in this process)',
    s3: system.s3.endpoint,
    buckets: [system.config.imagesBucket, system.config.reportsBucket],
    daily_report: 'every day at 02:00 UTC; any day with npm run report -- YYYY-MM-DD'
  }, 'the whole system is running: place an order with POST /orders and watch it reach CONFIRMED; upload an image with POST /items/{id}/image')
}
