// test/adapters/dynamodb/lost-answers.test.ts again, on DynamoDB Local: it answers a failed condition with the item, as DynamoDB does.
import { onDynamoDbLocal } from '../../../helper.ts'

onDynamoDbLocal()
await import('../lost-answers.test.ts')
