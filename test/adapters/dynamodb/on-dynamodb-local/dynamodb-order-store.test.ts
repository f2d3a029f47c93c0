// test/adapters/dynamodb/dynamodb-order-store.test.ts again, on DynamoDB Local, which refuses what DynamoDB refuses and dynalite lets through.
import { onDynamoDbLocal } from '../../../helper.ts'

onDynamoDbLocal()
await import('../dynamodb-order-store.test.ts')
