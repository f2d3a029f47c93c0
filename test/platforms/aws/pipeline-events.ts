// Real-shaped SQS and DynamoDB stream events (from local/aws-events), with the records a test needs; the
// Lambda context is local/lambda-events.ts's.
import { createHash, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { marshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda'
import type { Order } from '../../../src/orders/order.ts'

function fixture (name: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../../../local/aws-events/${name}.json`, import.meta.url), 'utf8'))
}

const SQS_RECORD = fixture('sqs-base').Records[0] as SQSRecord
// The fixture's MODIFY record: the NEW_AND_OLD_IMAGES view this table's stream has.
const STREAM_RECORD = fixture('dynamodb-base').Records[1] as DynamoDBRecord

export const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:items-api-dev-orders'
export const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/items-api-dev-orders/stream/2024-01-10T09:00:00.000'

/** One SQS record per body, as Lambda's event source mapping delivers them. */
export function sqsEvent (bodies: Array<string | object>, receiveCount = 1): SQSEvent {
  return {
    Records: bodies.map((entry) => {
      const body = typeof entry === 'string' ? entry : JSON.stringify(entry)
      return {
        ...structuredClone(SQS_RECORD),
        messageId: randomUUID(),
        body,
        md5OfBody: createHash('md5').update(body).digest('hex'),
        attributes: { ...SQS_RECORD.attributes, ApproximateReceiveCount: String(receiveCount) },
        messageAttributes: {},
        eventSourceARN: QUEUE_ARN,
        awsRegion: 'us-east-1'
      }
    })
  }
}

export type Change = { before?: Order | Record<string, unknown>, after?: Order | Record<string, unknown> }

let sequence = 100

/** One stream record per change: INSERT (after only), MODIFY (both) or REMOVE (before only). */
export function streamEvent (changes: Change[]): DynamoDBStreamEvent {
  return {
    Records: changes.map(({ before, after }) => {
      const image = after ?? before!
      const eventName = before === undefined ? 'INSERT' : after === undefined ? 'REMOVE' : 'MODIFY'
      const template = structuredClone(STREAM_RECORD)
      sequence += 100
      return {
        ...template,
        eventID: randomUUID().replaceAll('-', ''),
        eventName,
        eventSourceARN: STREAM_ARN,
        awsRegion: 'us-east-1',
        dynamodb: {
          ApproximateCreationDateTime: 1704877200,
          Keys: { order_id: { S: String(image.order_id) } },
          ...(after === undefined ? {} : { NewImage: marshall(after) as any }),
          ...(before === undefined ? {} : { OldImage: marshall(before) as any }),
          SequenceNumber: String(sequence),
          SizeBytes: 300,
          StreamViewType: 'NEW_AND_OLD_IMAGES'
        }
      }
    })
  }
}
