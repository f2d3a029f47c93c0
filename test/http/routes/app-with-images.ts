// The app with image uploads on: the embedded DynamoDB, a real S3-compatible server, and one item to put images on.
import type { Test } from 'tap'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../../src/adapters/dynamodb/dynamodb-item-store.ts'
import { buildApp } from '../../../src/app.ts'
import { testConfig, testDependencies } from '../../helper.ts'
import { testS3 } from '../../s3.ts'

export async function appWithImages (t: Test) {
  const s3 = await testS3()
  const config = await testConfig(s3.env)
  const app = buildApp(config, testDependencies(config))
  t.teardown(() => app.close())
  await app.ready()
  const client = createDynamoDbClient(config, {})
  t.teardown(() => client.destroy())
  const created = await app.inject({ method: 'POST', url: '/items', payload: { name: 'Camera', price: 499 } })
  return { app, s3, items: new DynamoDbItemStore(client, config.tableName), item: created.json().data }
}
