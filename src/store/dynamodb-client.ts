// Builds the DynamoDB client from configuration: AWS itself on Lambda, or a local/compatible endpoint.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Config } from '../config.ts'

// Local endpoints (embedded, DynamoDB Local, LocalStack) accept any key; real ones still use the
// default credential chain when the environment provides keys.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

export function createDynamoDbClient (config: Pick<Config, 'region' | 'dynamodbEndpoint'>, env = process.env): DynamoDBClient {
  const local = config.dynamodbEndpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined
  return new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    credentials: local ? LOCAL_CREDENTIALS : undefined,
    maxAttempts: 3,
    // Bounded waits: a store that does not answer becomes a 503, never a hung request.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 }
  })
}
