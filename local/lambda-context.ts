// The Lambda context the local system hands each function, and what its pollers have in common.
import { randomUUID } from 'node:crypto'
import type { Context } from 'aws-lambda'

export interface Poller { stop: () => Promise<void> }

/** An on-failure destination: a queue of the local SQS server. */
export interface FailureDestination { sendBody: (body: string) => Promise<void> }

export function lambdaContext (functionName = 'items-api-dev-api', timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {}
  }
}
