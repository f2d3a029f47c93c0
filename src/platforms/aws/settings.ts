// Each AWS function's settings, from its environment (serverless.yml sets each function's own): what it uses and
// nothing else, validated once at its init with the one-line errors of src/config.ts.
import {
  appSettings, ConfigError, endpoint, functionSettings, matching, read, required, type AppSettings, type Env, type FunctionSettings
} from '../../config.ts'

// DynamoDB table names: 3–255 characters of [a-zA-Z0-9_.-].
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/
const TABLE_NAME_RULE = '3–255 characters of letters, digits, "_", "." or "-"'
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/
// S3 bucket names: 3–63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/** What every function on AWS reads beside its own settings. */
export interface LambdaSettings extends FunctionSettings {
  region: string
  /**
   * Lambda's AWS_LAMBDA_INITIALIZATION_TYPE: only with `on-demand` does the first invocation wait for the init
   * (provisioned concurrency, SnapStart and Managed Instances initialise ahead), so only then is it a cold start.
   */
  lambdaInitialization: string | undefined
  /** A DynamoDB-compatible endpoint (DynamoDB Local, the embedded store); undefined means AWS itself. */
  dynamodbEndpoint: string | undefined
}

export interface TableNames {
  /** Items. */
  tableName: string
  /** Idempotency-Key records, kept 24 h (DynamoDB TTL). */
  idempotencyTableName: string
  /** Orders, with the customer and date indexes and the stream the pipeline runs on. */
  ordersTableName: string
}

export interface OpenSearchSettings { endpoint: string, index: string }

export interface ApiSettings extends AppSettings, LambdaSettings, TableNames {
  /** The search projection's OpenSearch domain; undefined: no search (GET /orders/search answers 503). */
  openSearch: OpenSearchSettings | undefined
  /** Item images: uploads/ from browsers, thumbnails/ from the thumbnail function; undefined: no image uploads (503). */
  imagesBucket: string | undefined
  /** Daily reports (reports/daily/YYYY-MM-DD.json); undefined: GET /reports/daily/{date} answers 503. */
  reportsBucket: string | undefined
  /** An S3-compatible endpoint for local runs (path-style addressing); undefined means AWS itself. */
  s3Endpoint: string | undefined
}

function lambdaSettings (env: Env): LambdaSettings {
  return {
    ...functionSettings(env),
    region: matching(env, 'AWS_REGION', REGION, 'an AWS region such as us-east-1', 'us-east-1'),
    lambdaInitialization: read(env, 'AWS_LAMBDA_INITIALIZATION_TYPE'),
    dynamodbEndpoint: endpoint(env, 'DYNAMODB_ENDPOINT', 'http://localhost:8001')
  }
}

/** The three tables' names; the idempotency and orders tables are named after the items table unless set. */
export function tableNames (env: Env): TableNames {
  const tableName = matching(env, 'DYNAMODB_TABLE_NAME', TABLE_NAME, TABLE_NAME_RULE, 'dev-benchmark-items')
  const idempotencyTableName = matching(env, 'DYNAMODB_IDEMPOTENCY_TABLE_NAME', TABLE_NAME, TABLE_NAME_RULE,
    `${tableName.slice(0, 255 - '-idempotency'.length)}-idempotency`)
  if (idempotencyTableName === tableName) {
    throw new ConfigError('DYNAMODB_IDEMPOTENCY_TABLE_NAME', idempotencyTableName, 'a table other than DYNAMODB_TABLE_NAME')
  }
  const ordersTableName = matching(env, 'DYNAMODB_ORDERS_TABLE_NAME', TABLE_NAME, TABLE_NAME_RULE, `${tableName.slice(0, 255 - '-orders'.length)}-orders`)
  if ([tableName, idempotencyTableName].includes(ordersTableName)) {
    throw new ConfigError('DYNAMODB_ORDERS_TABLE_NAME', ordersTableName, 'a table other than the items and idempotency tables')
  }
  return { tableName, idempotencyTableName, ordersTableName }
}

function bucket (env: Env, variable: string): string | undefined {
  const value = read(env, variable)
  if (value !== undefined && !BUCKET_NAME.test(value)) throw new ConfigError(variable, value, 'an S3 bucket name (3–63 of a-z, 0-9, "." and "-")')
  return value
}

const s3Endpoint = (env: Env): string | undefined => endpoint(env, 'S3_ENDPOINT', 'http://localhost:8003')

function openSearch (env: Env): OpenSearchSettings | undefined {
  const url = endpoint(env, 'OPENSEARCH_ENDPOINT', 'https://search-orders-abc123.us-east-1.es.amazonaws.com')
  const index = matching(env, 'OPENSEARCH_INDEX', /^[a-z0-9][a-z0-9_-]{0,254}$/, 'a lower-case index name', 'orders')
  return url === undefined ? undefined : { endpoint: url, index }
}

function queueUrl (env: Env): string | undefined {
  const value = read(env, 'ORDER_QUEUE_URL')
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}
  if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.pathname.split('/').filter(Boolean).length !== 2) {
    throw new ConfigError('ORDER_QUEUE_URL', value, 'a queue URL such as https://sqs.us-east-1.amazonaws.com/123456789012/orders')
  }
  return url.href
}

/** The API's settings (serverless.yml `api`, the local server, the tests). */
export function apiSettings (env: Env): ApiSettings {
  return {
    ...appSettings(env),
    ...lambdaSettings(env),
    ...tableNames(env),
    openSearch: openSearch(env),
    imagesBucket: bucket(env, 'IMAGES_BUCKET'),
    reportsBucket: bucket(env, 'REPORTS_BUCKET'),
    s3Endpoint: s3Endpoint(env)
  }
}

export interface OrderStreamSettings extends FunctionSettings, Pick<LambdaSettings, 'region' | 'lambdaInitialization'> {
  orderQueueUrl: string
  /** An SQS-compatible endpoint for local runs; undefined means AWS itself. */
  sqsEndpoint: string | undefined
  openSearch: OpenSearchSettings | undefined
}

/** The stream consumer's settings: the queue it sends to, and the search projection. */
export function orderStreamSettings (env: Env): OrderStreamSettings {
  const { region, lambdaInitialization } = lambdaSettings(env)
  return {
    ...functionSettings(env),
    region,
    lambdaInitialization,
    orderQueueUrl: required('ORDER_QUEUE_URL', queueUrl(env), 'the order queue\'s URL'),
    sqsEndpoint: endpoint(env, 'SQS_ENDPOINT', 'http://localhost:9324'),
    openSearch: openSearch(env)
  }
}

export type OrderWorkerSettings = LambdaSettings & Pick<TableNames, 'ordersTableName'>

/** The queue worker's settings: the orders table. */
export function orderWorkerSettings (env: Env): OrderWorkerSettings {
  return { ...lambdaSettings(env), ordersTableName: tableNames(env).ordersTableName }
}

export interface ThumbnailSettings extends LambdaSettings, Pick<TableNames, 'tableName'> {
  imagesBucket: string
  s3Endpoint: string | undefined
}

/** The thumbnail function's settings: the images bucket, and the items table it records the images on. */
export function thumbnailSettings (env: Env): ThumbnailSettings {
  return {
    ...lambdaSettings(env),
    tableName: tableNames(env).tableName,
    imagesBucket: required('IMAGES_BUCKET', bucket(env, 'IMAGES_BUCKET'), 'the images bucket\'s name'),
    s3Endpoint: s3Endpoint(env)
  }
}

export interface ReportSettings extends LambdaSettings, Pick<TableNames, 'ordersTableName'> {
  reportsBucket: string
  s3Endpoint: string | undefined
}

/** The daily report's settings: the orders table it reads, the reports bucket it writes. */
export function reportSettings (env: Env): ReportSettings {
  return {
    ...lambdaSettings(env),
    ordersTableName: tableNames(env).ordersTableName,
    reportsBucket: required('REPORTS_BUCKET', bucket(env, 'REPORTS_BUCKET'), 'the reports bucket\'s name'),
    s3Endpoint: s3Endpoint(env)
  }
}
