// The API's ports on AWS: DynamoDB for items, orders and idempotency records; S3 for images and reports, loaded on
// first use; OpenSearch for search when the stage names a domain. The Lambda entry, the local server and the tests
// build the app on these; only what stands in for AWS (an endpoint, an embedded index) differs.
import type { AppDependencies } from '../../app.ts'
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../adapters/dynamodb/dynamodb-item-store.ts'
import { DynamoDbOrderStore } from '../../adapters/dynamodb/dynamodb-order-store.ts'
import { openSearchIndex } from '../../adapters/opensearch/lazy-open-search.ts'
import { lazyS3 } from '../../adapters/s3/lazy-s3.ts'
import { IMAGE_LINK_LIFETIMES } from '../../images/image-keys.ts'
import type { SearchIndex } from '../../orders/order-search.ts'
import { CursorCodec } from '../../shared/cursor-codec.ts'
import type { ApiSettings } from './settings.ts'

/** The ports, and what closes them; the docs and validators are the caller's to add. */
export type AwsApiPorts = Omit<AppDependencies, 'docs' | 'schemas' | 'invocations'>

/** `search`: the projection where the settings name no domain (the local system's embedded index). */
export function awsApiPorts (settings: ApiSettings, options: { search?: SearchIndex } = {}): AwsApiPorts {
  const dynamodb = createDynamoDbClient(settings)
  const cursors = new CursorCodec(settings.cursorSecret)
  const items = new DynamoDbItemStore(dynamodb, settings.tableName, { idempotencyTableName: settings.idempotencyTableName, cursors })
  const orders = new DynamoDbOrderStore(dynamodb, settings.ordersTableName, { idempotencyTableName: settings.idempotencyTableName, cursors })
  const search = settings.openSearch === undefined ? options.search : openSearchIndex(settings.openSearch, settings.region)
  // S3 is loaded by the first request that needs it: an item's image, an upload or a report.
  const s3 = lazyS3(settings)
  return {
    items,
    orders,
    search,
    links: settings.imagesBucket === undefined ? undefined : s3.links(settings.imagesBucket, IMAGE_LINK_LIFETIMES),
    reports: settings.reportsBucket === undefined ? undefined : s3.blobs(settings.reportsBucket),
    storage: { kind: 'dynamodb', name: settings.tableName },
    close: async () => {
      await Promise.all([items.close(), orders.close(), search?.close(), s3.close()])
      dynamodb.destroy()
    }
  }
}
