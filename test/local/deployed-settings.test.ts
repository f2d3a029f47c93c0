// The local system's batches, retries, redrive and bucket names come from serverless.yml itself: change it, and
// `npm run local` follows.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { deployedSettings } from '../../local/deployed-settings.ts'
import { temporaryDirectory } from '../helper.ts'

const original = await readFile('serverless.yml', 'utf8')

async function withServerlessYml (t: Parameters<typeof temporaryDirectory>[0], text: string): Promise<URL> {
  const file = join(await temporaryDirectory(t), 'serverless.yml')
  await writeFile(file, text)
  return pathToFileURL(file)
}

t.test('read from serverless.yml as it stands', async (t) => {
  t.same(deployedSettings(), {
    stream: { batchSize: 100, maximumRetryAttempts: 3, bisectBatchOnFunctionError: true },
    queue: { batchSize: 10, maximumBatchingWindow: 1, maximumConcurrency: undefined, maxReceiveCount: 3 },
    queues: {
      OrderQueue: { name: 'items-api-local-orders', attributes: { VisibilityTimeout: 60 }, redrive: { deadLetterQueue: 'OrderDeadLetters', maxReceiveCount: 3 } },
      OrderDeadLetters: { name: 'items-api-local-orders-dlq', attributes: { MessageRetentionPeriod: 1209600 } },
      OrderStreamFailures: { name: 'items-api-local-orders-stream-failures', attributes: { MessageRetentionPeriod: 1209600 } },
      FunctionFailures: { name: 'items-api-local-function-failures', attributes: { MessageRetentionPeriod: 1209600 } }
    },
    async: { maximumRetryAttempts: 2 },
    buckets: { images: 'items-api-local-images', reports: 'items-api-local-reports' }
  })
})

t.test('a change in serverless.yml is a change in the local system', async (t) => {
  const changed = original
    .replace(/(sqs:\n\s+arn: !GetAtt OrderQueue\.Arn\n(?:\s+#.*\n)*\s+batchSize:) 10/, '$1 5')
    .replace(/maxReceiveCount: 3/, 'maxReceiveCount: 7')
    .replace(/VisibilityTimeout: 60/, 'VisibilityTimeout: 90')
    .replace(/\n(\s+)maximumBatchingWindow: 1/, '\n$1maximumConcurrency: 2')
    .replace(/^service: items-api$/m, 'service: shop')
  const settings = deployedSettings(await withServerlessYml(t, changed))
  t.same(settings.queue, { batchSize: 5, maximumBatchingWindow: 0, maximumConcurrency: 2, maxReceiveCount: 7 }, 'no batching window: Lambda\'s default, none')
  t.same(settings.queues.OrderQueue, { name: 'shop-local-orders', attributes: { VisibilityTimeout: 90 }, redrive: { deadLetterQueue: 'OrderDeadLetters', maxReceiveCount: 7 } })
  t.same(settings.buckets, { images: 'shop-local-images', reports: 'shop-local-reports' })
})

t.test('asynchronous retries that differ between the functions are refused: the local system has one setting', async (t) => {
  const differing = original.replace(/(role: ThumbnailsRole\n(?:.*\n)*?\s+maximumRetryAttempts:) 2/, '$1 1')
  t.not(differing, original)
  t.throws(() => deployedSettings(pathToFileURL('/nonexistent/serverless.yml')), { code: 'ENOENT' })
  await t.rejects(async () => deployedSettings(await withServerlessYml(t, differing)), /retry asynchronous events differently/)
})
