// test/http/routes/items-preconditions.test.ts again, on DynamoDB Local: its IN takes at most 100 operands, as DynamoDB's does.
import { onDynamoDbLocal } from '../../../helper.ts'

onDynamoDbLocal()
await import('../../../http/routes/items-preconditions.test.ts')
