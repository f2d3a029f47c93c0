// Each function's settings from its environment: the defaults docs/configuration.md names, every variable read, one-line errors
// naming the variable, and each function reading what it uses and nothing else.
import t from 'tap'
import { ConfigError } from '../../../src/config.ts'
import {
  apiSettings, orderStreamSettings, orderWorkerSettings, reportSettings, thumbnailSettings
} from '../../../src/platforms/aws/settings.ts'
import { devSettings } from '../../../local/dev-settings.ts'

t.test('defaults follow docs/configuration.md', async (t) => {
  t.same(devSettings({}), {
    port: 8000,
    host: '127.0.0.1',
    dataDir: '.data',
    tableName: 'dev-benchmark-items',
    idempotencyTableName: 'dev-benchmark-items-idempotency',
    ordersTableName: 'dev-benchmark-items-orders',
    openSearch: undefined,
    imagesBucket: undefined,
    reportsBucket: undefined,
    s3Endpoint: undefined,
    region: 'us-east-1',
    dynamodbEndpoint: undefined,
    logLevel: 'info',
    environment: 'dev',
    serviceName: 'items-api',
    corsOrigins: '*',
    cursorSecret: undefined,
    auth: undefined,
    lambdaInitialization: undefined
  })
})

t.test('the API reads every variable it uses', async (t) => {
  t.same(apiSettings({
    DYNAMODB_TABLE_NAME: 'prod-items',
    DYNAMODB_IDEMPOTENCY_TABLE_NAME: 'prod-idempotency',
    DYNAMODB_ORDERS_TABLE_NAME: 'prod-orders',
    OPENSEARCH_ENDPOINT: 'https://search-orders-abc.eu-west-1.es.amazonaws.com',
    OPENSEARCH_INDEX: 'orders-v2',
    IMAGES_BUCKET: 'items-api-prod-images-123456789012-eu-west-1',
    REPORTS_BUCKET: 'items-api-prod-reports-123456789012-eu-west-1',
    S3_ENDPOINT: 'http://localhost:8003',
    AWS_REGION: 'eu-west-1',
    DYNAMODB_ENDPOINT: 'http://localhost:8001/',
    LOG_LEVEL: 'DEBUG',
    ENVIRONMENT: 'prod',
    SERVICE_NAME: 'items',
    CORS_ORIGINS: 'https://a.example.com, https://b.example.com:8443',
    CURSOR_SECRET: 'the-prod-stage-s-cursor-secret-32+',
    AUTH_ISSUER: 'https://issuer.example.com/',
    AUTH_AUDIENCE: 'items-api',
    AUTH_JWKS_URL: 'https://issuer.example.com/.well-known/jwks.json',
    AUTH_READS: 'true',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    // What the API does not use is not read: neither the queue's URL nor a port.
    ORDER_QUEUE_URL: 'not a url',
    PORT: 'eighty'
  }), {
    tableName: 'prod-items',
    idempotencyTableName: 'prod-idempotency',
    ordersTableName: 'prod-orders',
    openSearch: { endpoint: 'https://search-orders-abc.eu-west-1.es.amazonaws.com', index: 'orders-v2' },
    imagesBucket: 'items-api-prod-images-123456789012-eu-west-1',
    reportsBucket: 'items-api-prod-reports-123456789012-eu-west-1',
    s3Endpoint: 'http://localhost:8003',
    region: 'eu-west-1',
    dynamodbEndpoint: 'http://localhost:8001',
    logLevel: 'debug',
    environment: 'prod',
    serviceName: 'items',
    corsOrigins: ['https://a.example.com', 'https://b.example.com:8443'],
    cursorSecret: 'the-prod-stage-s-cursor-secret-32+',
    auth: { issuer: 'https://issuer.example.com/', audience: 'items-api', jwksUrl: 'https://issuer.example.com/.well-known/jwks.json', reads: true },
    lambdaInitialization: 'on-demand'
  })
})

t.test('each event function reads what it uses, needs what it cannot run without, and nothing else', async (t) => {
  const elsewhere = { CORS_ORIGINS: 'not an origin', PORT: 'eighty', AUTH_READS: 'maybe', CURSOR_SECRET: 'short' }
  const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders'
  t.same(orderWorkerSettings({ ...elsewhere, DYNAMODB_TABLE_NAME: 'shop' }), {
    environment: 'dev', serviceName: 'items-api', logLevel: 'info', region: 'us-east-1', lambdaInitialization: undefined, dynamodbEndpoint: undefined, ordersTableName: 'shop-orders'
  })
  t.match(orderStreamSettings({ ...elsewhere, ORDER_QUEUE_URL: queueUrl }), { orderQueueUrl: queueUrl, sqsEndpoint: undefined, openSearch: undefined })
  t.match(thumbnailSettings({ ...elsewhere, IMAGES_BUCKET: 'images' }), { imagesBucket: 'images', tableName: 'dev-benchmark-items' })
  t.match(reportSettings({ ...elsewhere, REPORTS_BUCKET: 'reports' }), { reportsBucket: 'reports', ordersTableName: 'dev-benchmark-items-orders' })
  t.throws(() => orderStreamSettings({}), { name: 'ConfigError', message: 'Invalid ORDER_QUEUE_URL="": expected the order queue\'s URL' })
  t.throws(() => thumbnailSettings({}), { name: 'ConfigError', message: 'Invalid IMAGES_BUCKET="": expected the images bucket\'s name' })
  t.throws(() => reportSettings({}), { name: 'ConfigError', message: 'Invalid REPORTS_BUCKET="": expected the reports bucket\'s name' })
  t.throws(() => orderWorkerSettings({ LOG_LEVEL: 'loud' }), { name: 'ConfigError', variable: 'LOG_LEVEL' }, 'what they share, they all check')
})

t.test('blank values count as unset', async (t) => {
  t.equal(devSettings({ PORT: '  ', DYNAMODB_ENDPOINT: '' }).port, 8000)
  t.equal(apiSettings({ DYNAMODB_ENDPOINT: '' }).dynamodbEndpoint, undefined)
})

t.test('the idempotency table is named after the items table unless set', async (t) => {
  t.equal(apiSettings({ DYNAMODB_TABLE_NAME: 'shop-items' }).idempotencyTableName, 'shop-items-idempotency')
  const longest = apiSettings({ DYNAMODB_TABLE_NAME: 'x'.repeat(255) }).idempotencyTableName
  t.equal(longest, `${'x'.repeat(243)}-idempotency`, 'within DynamoDB\'s 255 characters')
  t.throws(() => apiSettings({ DYNAMODB_TABLE_NAME: 'shop', DYNAMODB_IDEMPOTENCY_TABLE_NAME: 'shop' }),
    { name: 'ConfigError', message: 'Invalid DYNAMODB_IDEMPOTENCY_TABLE_NAME="shop": expected a table other than DYNAMODB_TABLE_NAME' })
})

t.test('the orders table is named after the items table unless set, and is neither of the others', async (t) => {
  t.equal(apiSettings({ DYNAMODB_TABLE_NAME: 'shop-items' }).ordersTableName, 'shop-items-orders')
  t.equal(apiSettings({ DYNAMODB_TABLE_NAME: 'x'.repeat(255) }).ordersTableName, `${'x'.repeat(248)}-orders`)
  for (const taken of ['shop', 'shop-idempotency']) {
    t.throws(() => apiSettings({ DYNAMODB_TABLE_NAME: 'shop', DYNAMODB_ORDERS_TABLE_NAME: taken }), {
      name: 'ConfigError',
      message: `Invalid DYNAMODB_ORDERS_TABLE_NAME="${taken}": expected a table other than the items and idempotency tables`
    })
  }
  t.throws(() => apiSettings({ DYNAMODB_ORDERS_TABLE_NAME: 'a b' }), { name: 'ConfigError', variable: 'DYNAMODB_ORDERS_TABLE_NAME' })
})

t.test('search: an OpenSearch endpoint and index, or none', async (t) => {
  t.same(apiSettings({ OPENSEARCH_ENDPOINT: 'https://search.example.com' }).openSearch, { endpoint: 'https://search.example.com', index: 'orders' })
  t.equal(apiSettings({ OPENSEARCH_INDEX: 'other' }).openSearch, undefined, 'an index alone names no domain')
  for (const bad of ['search.example.com', 'ftp://search.example.com', 'https://search.example.com/path']) {
    t.throws(() => apiSettings({ OPENSEARCH_ENDPOINT: bad }), {
      name: 'ConfigError',
      message: `Invalid OPENSEARCH_ENDPOINT=${JSON.stringify(bad)}: expected an http(s) URL such as https://search-orders-abc123.us-east-1.es.amazonaws.com`
    })
  }
  t.throws(() => apiSettings({ OPENSEARCH_ENDPOINT: 'https://s.example.com', OPENSEARCH_INDEX: 'Orders' }), { name: 'ConfigError', variable: 'OPENSEARCH_INDEX' })
})

t.test('the buckets: S3 bucket names, or none; an S3 endpoint for local runs', async (t) => {
  for (const bad of ['ab', 'Items-Images', 'items_images', '-items', 'items-', 'a'.repeat(64)]) {
    t.throws(() => apiSettings({ IMAGES_BUCKET: bad }), { name: 'ConfigError', variable: 'IMAGES_BUCKET', message: /expected an S3 bucket name/ }, bad)
    t.throws(() => apiSettings({ REPORTS_BUCKET: bad }), { name: 'ConfigError', variable: 'REPORTS_BUCKET' }, bad)
  }
  t.match(apiSettings({ IMAGES_BUCKET: ' ', REPORTS_BUCKET: '' }), { imagesBucket: undefined, reportsBucket: undefined }, 'blank is unset')
  t.throws(() => apiSettings({ S3_ENDPOINT: 'localhost:8003' }), { name: 'ConfigError', variable: 'S3_ENDPOINT' })
})

t.test('the order queue: a queue URL', async (t) => {
  for (const bad of ['orders', 'https://sqs.us-east-1.amazonaws.com/orders', 'ftp://x/1/orders']) {
    t.throws(() => orderStreamSettings({ ORDER_QUEUE_URL: bad }), { name: 'ConfigError', variable: 'ORDER_QUEUE_URL' }, bad)
  }
  t.throws(() => orderStreamSettings({ ORDER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/q', SQS_ENDPOINT: 'localhost' }), { name: 'ConfigError', variable: 'SQS_ENDPOINT' })
})

t.test('CORS: "*" only in development; elsewhere the listed origins, none unless listed', async (t) => {
  t.equal(apiSettings({ CORS_ORIGINS: '*' }).corsOrigins, '*')
  t.same(apiSettings({ ENVIRONMENT: 'dev', CORS_ORIGINS: 'https://app.example.com' }).corsOrigins, ['https://app.example.com'])
  t.same(apiSettings({ ENVIRONMENT: 'prod' }).corsOrigins, [])
  t.throws(() => apiSettings({ ENVIRONMENT: 'prod', CORS_ORIGINS: '*' }), {
    name: 'ConfigError',
    message: 'Invalid CORS_ORIGINS="*": expected a comma-separated list of origins outside development (ENVIRONMENT=dev), not "*"'
  })
})

const badValues: Array<[string, string]> = [
  ['PORT', 'abc'],
  ['PORT', '70000'],
  ['PORT', '-1'],
  ['PORT', '80.5'],
  ['HOST', 'local host'],
  ['DYNAMODB_TABLE_NAME', 'a'],
  ['DYNAMODB_TABLE_NAME', 'items/table'],
  ['DYNAMODB_IDEMPOTENCY_TABLE_NAME', 'no'],
  ['AWS_REGION', 'mars'],
  ['DYNAMODB_ENDPOINT', 'localhost:8001'],
  ['DYNAMODB_ENDPOINT', 'not a url'],
  ['DYNAMODB_ENDPOINT', 'ftp://localhost:8001'],
  ['DYNAMODB_ENDPOINT', 'http://localhost:8001/some/path'],
  ['LOG_LEVEL', 'verbose'],
  ['ENVIRONMENT', 'prod env'],
  ['SERVICE_NAME', 'items api'],
  ['CORS_ORIGINS', 'example.com'],
  ['CORS_ORIGINS', 'https://example.com/path'],
  ['AUTH_READS', 'yes']
]

for (const [variable, value] of badValues) {
  t.test(`${variable}=${value} stops start-up naming the variable`, async (t) => {
    const error = (() => {
      try {
        devSettings({ [variable]: value })
      } catch (error) {
        return error
      }
    })()
    t.type(error, ConfigError)
    t.equal((error as ConfigError).variable, variable)
    t.match((error as ConfigError).message, new RegExp(`^Invalid ${variable}=.*: expected [^\\n]+$`))
  })
}

t.test('authentication: all three AUTH_ variables or none', async (t) => {
  const all = { AUTH_ISSUER: 'https://i.example.com/', AUTH_AUDIENCE: 'items', AUTH_JWKS_URL: 'https://i.example.com/jwks.json' }
  t.match(apiSettings(all).auth, { reads: false }, 'reads open by default')
  for (const variable of Object.keys(all)) {
    const partial: Record<string, string> = { ...all }
    delete partial[variable]
    t.throws(() => apiSettings(partial), { name: 'ConfigError', message: new RegExp(`^Invalid ${variable}="": expected set together`) }, `without ${variable}`)
  }
  t.throws(() => apiSettings({ ...all, AUTH_JWKS_URL: 'not a url' }), { message: /AUTH_JWKS_URL.*an http\(s\) URL/ })
  t.throws(() => apiSettings({ ...all, AUTH_JWKS_URL: 'file:///etc/keys' }), { message: /AUTH_JWKS_URL/ })
  t.throws(() => apiSettings({ AUTH_READS: 'true' }), { message: /AUTH_READS.*while AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL are unset/ },
    'reads protected with no way to verify a token is a mistake, not an open API')
})

t.test('CURSOR_SECRET: 32 characters or more, and an error that does not repeat it', async (t) => {
  t.throws(() => apiSettings({ CURSOR_SECRET: 'short-secret' }), {
    name: 'ConfigError', message: 'Invalid CURSOR_SECRET="(12 characters)": expected a secret of 32 characters or more'
  })
  t.equal(apiSettings({ CURSOR_SECRET: 'x'.repeat(32) }).cursorSecret, 'x'.repeat(32))
})
