// The stream consumer on Azure: the orders container's change feed (the Cosmos DB trigger, latest-version mode)
// delivers each changed order's latest state. It carries no earlier image and no deletes, so the messages follow from
// the state alone (messagesForState) and a deleted order stays in search until the index is rebuilt. A batch in which
// a document failed fails whole, and the host runs it again under the trigger's retry policy; on the last attempt the
// failed documents are described to the failures queue and the feed moves on: nothing is dropped unsaid.
import type { InvocationContext } from '@azure/functions'
import { orderChangeHandler, type OrderChangeHandler } from '../../handlers/on-order-change.ts'
import type { OrderQueue } from '../../orders/order-queue.ts'
import type { SearchIndex } from '../../orders/order-search.ts'
import type { FunctionSettings } from '../../config.ts'
import { azureFunction, type AzureFunctionTools } from './azure-function.ts'

/** Where failed changes are described once their retries are spent (a Storage queue on Azure). */
export interface FailedChanges {
  sendBody: (body: string) => Promise<void>
}

/** The trigger's retry policy: three more attempts, as Lambda retries a stream batch, backing off from 1 s to 30 s. */
export const ORDER_CHANGES_RETRY = { strategy: 'exponentialBackoff', maxRetryCount: 3, minimumInterval: 1_000, maximumInterval: 30_000 } as const

/** A change feed document: the order as stored, with Cosmos DB's own fields. */
interface ChangedDocument { id?: unknown, _lsn?: unknown, [field: string]: unknown }

export class ChangesFailedError extends Error {
  constructor (readonly failed: number, readonly total: number) {
    super(`${failed} of ${total} order changes failed: the batch is retried`)
    this.name = 'ChangesFailedError'
  }
}

/** One batch of the change feed through the handler, each order's changes in turn, different orders' side by side. */
export function changeFeedBatches (handler: OrderChangeHandler, failures: FailedChanges, { log, counters }: AzureFunctionTools):
(documents: unknown[], context: InvocationContext) => Promise<void> {
  return async (documents, context) => {
    const apply = handler.batch()
    const results = await Promise.allSettled(documents.map(async (document) => {
      const changed = document as ChangedDocument
      await apply({ orderId: typeof changed.id === 'string' ? changed.id : undefined, removed: false, before: undefined, after: document, latestOnly: true })
    }))
    const failed = results.flatMap((result, index) => result.status === 'rejected' ? [{ document: documents[index] as ChangedDocument, error: result.reason as Error }] : [])
    counters.count('RecordsProcessed', documents.length - failed.length)
    counters.count('RecordsFailed', failed.length)
    for (const { document, error } of failed) log.error({ order_id: document.id, lsn: document._lsn, err: error }, 'order change failed: the batch is retried, then described to the failures queue')
    if (failed.length === 0) return
    const retry = context.retryContext
    if (retry !== undefined && (retry.maxRetryCount < 0 || retry.retryCount < retry.maxRetryCount)) throw new ChangesFailedError(failed.length, documents.length)
    // Retries spent (or none to make: without a policy the host would move on past a failed batch): what failed, and
    // why, where someone will look; then the feed moves on.
    await failures.sendBody(JSON.stringify({
      function: context.functionName,
      invocation_id: context.invocationId,
      attempts: (retry?.retryCount ?? 0) + 1,
      failed: failed.map(({ document, error }) => ({ order_id: document.id, lsn: document._lsn, error: `${error.name}: ${error.message}` }))
    }))
    log.warn({ failed: failed.length }, 'order changes failed their retries: described to the failures queue')
  }
}

/** The function the Azure entry registers as `orderChanges`. */
export function orderChangesFunction (settings: FunctionSettings, ports: { queue: OrderQueue, search: SearchIndex | undefined, failures: FailedChanges },
  log?: AzureFunctionTools['log']): (documents: unknown[], context: InvocationContext) => Promise<void> {
  return azureFunction(settings, (tools) => changeFeedBatches(orderChangeHandler({ queue: ports.queue, search: ports.search, counters: tools.counters }), ports.failures, tools), log)
}
