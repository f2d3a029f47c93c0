// Builds the DynamoDB client from configuration: AWS itself on Lambda, or a local/compatible endpoint.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { REQUEST_HANDLER, STORE_LIMITS } from '../aws-sdk/sdk-limits.ts'

// Local endpoints (embedded, DynamoDB Local, LocalStack) accept any key; real ones still use the
// default credential chain when the environment provides keys.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

/** Where the client sends: a region, and a DynamoDB-compatible endpoint (undefined: AWS itself). */
export interface DynamoDbLocation { region: string, dynamodbEndpoint: string | undefined }

export function createDynamoDbClient (config: DynamoDbLocation, env = process.env): DynamoDBClient {
  const local = config.dynamodbEndpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined
  return new DynamoDBClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
    credentials: local ? LOCAL_CREDENTIALS : undefined,
    maxAttempts: STORE_LIMITS.maxAttempts,
    // Adaptive: on throttling, the client also slows its own sending rate instead of only backing off per request.
    retryMode: 'adaptive',
    requestHandler: REQUEST_HANDLER
  })
}
