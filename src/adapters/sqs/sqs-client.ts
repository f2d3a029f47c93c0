// Builds the SQS client from configuration: AWS itself on Lambda, or an SQS-compatible endpoint locally.
import { SQSClient } from '@aws-sdk/client-sqs'

// Local endpoints (the local system's SQS server) accept any key; real ones still use the default credential chain
// when the environment provides keys.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

/** Where the client sends: a region, and an SQS-compatible endpoint (undefined: AWS itself). */
export interface SqsLocation { region: string, sqsEndpoint: string | undefined }

export function createSqsClient (config: SqsLocation, env = process.env): SQSClient {
  const local = config.sqsEndpoint !== undefined && env.AWS_ACCESS_KEY_ID === undefined
  return new SQSClient({ region: config.region, endpoint: config.sqsEndpoint, credentials: local ? LOCAL_CREDENTIALS : undefined })
}
