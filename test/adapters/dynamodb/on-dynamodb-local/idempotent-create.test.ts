// test/adapters/dynamodb/idempotent-create.test.ts again, on DynamoDB Local, which refuses what DynamoDB refuses and dynalite lets through.
import { onDynamoDbLocal } from '../../../helper.ts'

onDynamoDbLocal()
await import('../idempotent-create.test.ts')
