// Drives the change-feed consumer the way the Functions host's Cosmos DB trigger does: it reads the orders container's
// change feed (latest-version mode) and hands each batch to the function. A failed batch is handed over again under
// the trigger's retry policy (exponential backoff, `retryContext` counting the retries); the lease (here: the
// continuation the feed resumes from) is checkpointed only once the batch succeeds or its last retry has run.
import { ChangeFeedStartFrom, type ChangeFeedIteratorOptions, type Container } from '@azure/cosmos'
import type { InvocationContext } from '@azure/functions'
import type { Poller } from '../lambda-context.ts'
import { hostContext } from './host-context.ts'

/** The trigger's retry policy, in the shape `ORDER_CHANGES_RETRY` has (intervals in ms). */
export interface ExponentialRetry { maxRetryCount: number, minimumInterval: number, maximumInterval: number }

export interface ChangeFeedDriverOptions {
  container: Container
  handler: (documents: unknown[], context: InvocationContext) => Promise<void>
  functionName: string
  retry: ExponentialRetry
  /** Where the feed starts without a lease: 'now', as the trigger does by default, or 'beginning'. */
  startFrom?: 'now' | 'beginning'
  /** The lease to resume from: a continuation a driver checkpointed. */
  lease?: string
  maxItemCount?: number
  /** The delay between reads once the feed is drained (the trigger's feedPollDelay, 5 s by default; shorter here). */
  pollIntervalMs: number
  onError: (error: unknown) => void
}

/** The wait before retry `retryCount` (1 for the first): the minimum interval, doubled each time, up to the maximum. */
export const retryDelay = (retry: ExponentialRetry, retryCount: number): number =>
  Math.min(retry.minimumInterval * 2 ** (retryCount - 1), retry.maximumInterval)

export class ChangeFeedDriver implements Poller {
  /** The last checkpoint: where a restarted driver would resume. */
  lease: string | undefined
  private stopped = false
  private wake: (() => void) | undefined
  private readonly running: Promise<void>

  constructor (private readonly options: ChangeFeedDriverOptions) {
    this.lease = options.lease
    this.running = this.poll()
  }

  private async sleep (ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.wake = () => { clearTimeout(timer); resolve() }
    })
  }

  /** One batch through the function until it succeeds or its retries are spent. */
  private async deliver (documents: unknown[]): Promise<void> {
    const { retry } = this.options
    for (let retryCount = 0; ; retryCount++) {
      const context = hostContext(this.options.functionName, { retryContext: { retryCount, maxRetryCount: retry.maxRetryCount } })
      try {
        await this.options.handler(documents, context)
        return
      } catch (error) {
        this.options.onError(error)
        if (retryCount >= retry.maxRetryCount || this.stopped) return
        await this.sleep(retryDelay(retry, retryCount + 1))
      }
    }
  }

  private async poll (): Promise<void> {
    const { container, startFrom = 'now' } = this.options
    const changeFeedStartFrom = this.lease !== undefined
      ? ChangeFeedStartFrom.Continuation(this.lease)
      : startFrom === 'beginning' ? ChangeFeedStartFrom.Beginning() : ChangeFeedStartFrom.Now()
    const iteratorOptions: ChangeFeedIteratorOptions = { changeFeedStartFrom, maxItemCount: this.options.maxItemCount ?? 100 }
    const feed = container.items.getChangeFeedIterator(iteratorOptions)
    while (!this.stopped) {
      try {
        const page = await feed.readNext()
        if (page.result.length > 0) await this.deliver(page.result)
        // The checkpoint: after the batch succeeded or spent its retries, never before.
        if (!this.stopped) this.lease = page.continuationToken
        if (page.result.length > 0) continue
      } catch (error) {
        if (!this.stopped) this.options.onError(error)
      }
      if (!this.stopped) await this.sleep(this.options.pollIntervalMs)
    }
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.wake?.()
    await this.running
  }
}
