// The DynamoDB-compatible store for the benchmarks, in a process of its own so that its work is not counted.
import { startEmbeddedDynamoDb } from '../local/embedded-dynamodb.ts'

const store = await startEmbeddedDynamoDb()
process.stdout.write(`BENCH ${JSON.stringify({ endpoint: store.endpoint })}\n`)
process.on('SIGTERM', () => { store.close().finally(() => process.exit(0)).catch(() => process.exit(1)) })
