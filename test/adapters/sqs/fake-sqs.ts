// SendMessageBatch as the SQS API reference documents it, over the JSON protocol the AWS SDK speaks (it checks each
// body's MD5): what the tests of the SQS adapter and of the stream consumer's entry send to.
import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

export interface Call { target: string | undefined, body: any }

/** A server answering SendMessageBatch; `fail` names the entries it refuses. */
export async function sqs (t: Test, fail: (id: string) => boolean): Promise<{ endpoint: string, calls: Call[] }> {
  const calls: Call[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      calls.push({ target: request.headers['x-amz-target'] as string, body })
      const entries = body.Entries as Array<{ Id: string, MessageBody: string }>
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
      response.end(JSON.stringify({
        Successful: entries.filter((entry) => !fail(entry.Id)).map((entry) => ({ Id: entry.Id, MessageId: `m-${entry.Id}`, MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex') })),
        Failed: entries.filter((entry) => fail(entry.Id)).map((entry) => ({ Id: entry.Id, SenderFault: false, Code: 'InternalError', Message: 'try again' }))
      }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls }
}
