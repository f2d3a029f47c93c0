// Invokes a function the way Lambda handles an asynchronous invocation (S3 notifications, EventBridge schedules): the
// events queued and handled one at a time, a failed one retried twice, then described to the on-failure destination.
import type { Context } from 'aws-lambda'
import { lambdaContext, type FailureDestination, type Poller } from './lambda-context.ts'

export interface AsyncInvokerOptions<Event> {
  handler: (event: Event, context: Context) => Promise<unknown>
  functionName: string
  /** Lambda's default for asynchronous invocations is 2. */
  maximumRetryAttempts: number
  /** Lambda waits about a minute, then two; locally, much less. */
  retryDelayMs: number
  onFailure: FailureDestination
  onGiveUp?: (record: unknown) => void
  onError: (error: unknown) => void
}

export class AsyncInvoker<Event> implements Poller {
  readonly #options: AsyncInvokerOptions<Event>
  #queue: Promise<void> = Promise.resolve()
  #stopped = false

  constructor (options: AsyncInvokerOptions<Event>) {
    this.#options = options
  }

  /** Queues the event, as Lambda's `InvocationType: Event` does, and returns at once. */
  invoke (event: Event): void {
    this.#queue = this.#queue.then(async () => await this.#handle(event))
  }

  /** Resolves once every event queued so far has been handled or given up on. */
  async idle (): Promise<void> {
    await this.#queue
  }

  async stop (): Promise<void> {
    this.#stopped = true
    await this.#queue
  }

  async #handle (event: Event): Promise<void> {
    const { handler, functionName, maximumRetryAttempts, retryDelayMs } = this.#options
    let lastError: unknown
    for (let attempt = 0; attempt <= maximumRetryAttempts && !this.#stopped; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs))
      try {
        await handler(event, lambdaContext(functionName))
        return
      } catch (error) {
        lastError = error
        this.#options.onError(error)
      }
    }
    if (lastError !== undefined) await this.#sendToDestination(event, lastError, maximumRetryAttempts + 1)
  }

  /** What Lambda sends an asynchronous invocation's on-failure destination: the event and the error it ended with. */
  async #sendToDestination (event: Event, error: unknown, invocations: number): Promise<void> {
    const context = lambdaContext(this.#options.functionName)
    const record = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId: context.awsRequestId,
        functionArn: `${context.invokedFunctionArn}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: invocations
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: error instanceof Error ? error.name : 'Error',
        errorMessage: error instanceof Error ? error.message : String(error)
      }
    }
    // A destination that cannot be reached loses the record, as on AWS; the error is logged.
    await this.#options.onFailure.sendBody(JSON.stringify(record)).catch(this.#options.onError)
    this.#options.onGiveUp?.(record)
  }
}
