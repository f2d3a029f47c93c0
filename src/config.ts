// Environment → validated, typed configuration, built once at start-up (see API.md "Configuration").

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface Config {
  port: number
  host: string
  tableName: string
  /** Idempotency-Key records for POST /items, kept 24 h (DynamoDB TTL). */
  idempotencyTableName: string
  /** Orders, with the customer and date indexes and (on AWS and DynamoDB Local) the stream the pipeline runs on. */
  ordersTableName: string
  /** The search projection's OpenSearch domain; undefined: no search (GET /orders/search answers 503). */
  openSearch: { endpoint: string, index: string } | undefined
  /** The order queue the stream consumer sends to (ORDER_QUEUE_URL); only that function needs it. */
  orderQueueUrl: string | undefined
  /** An SQS-compatible endpoint for local runs; undefined means AWS itself. */
  sqsEndpoint: string | undefined
  /** Item images: uploads/ from browsers, thumbnails/ from the thumbnail function; undefined: no image uploads (503). */
  imagesBucket: string | undefined
  /** Daily reports (reports/daily/YYYY-MM-DD.json); undefined: GET /reports/daily/{date} answers 503. */
  reportsBucket: string | undefined
  /** An S3-compatible endpoint for local runs (path-style addressing); undefined means AWS itself. */
  s3Endpoint: string | undefined
  region: string
  /** A DynamoDB-compatible endpoint; undefined means AWS itself on Lambda, the embedded store elsewhere. */
  dynamodbEndpoint: string | undefined
  dataDir: string
  logLevel: LogLevel
  environment: string
  serviceName: string
  /** `'*'` allows any origin; an empty list disables cross-origin access. */
  corsOrigins: '*' | string[]
  /**
   * Signs list cursors (CURSOR_SECRET, 32 characters or more): the same on every instance, or a cursor made by one is
   * refused by another. Unset: a random secret per process (required on Lambda, where instances come and go).
   */
  cursorSecret: string | undefined
  /**
   * Bearer JWTs for every write and every orders, customer and reports route (item reads too with AUTH_READS=true);
   * undefined when AUTH_* are unset: no authentication.
   */
  auth: AuthConfig | undefined
  /** True when running inside AWS Lambda. */
  onLambda: boolean
  /**
   * Lambda's AWS_LAMBDA_INITIALIZATION_TYPE: only with `on-demand` does the first invocation wait for the init
   * (provisioned concurrency and SnapStart initialise ahead), so only then is it a cold start.
   */
  lambdaInitialization: string | undefined
}

export interface AuthConfig {
  issuer: string
  audience: string
  jwksUrl: string
  /** Item reads need the token too (orders, customers and reports always do). */
  reads: boolean
}

export class ConfigError extends Error {
  constructor (readonly variable: string, value: string, expected: string) {
    super(`Invalid ${variable}=${JSON.stringify(value)}: expected ${expected}`)
    this.name = 'ConfigError'
  }
}

type Env = Record<string, string | undefined>

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
// DynamoDB table names: 3–255 characters of [a-zA-Z0-9_.-].
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/
const NAME = /^[A-Za-z0-9_.-]{1,64}$/
// S3 bucket names: 3–63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

function bucket (env: Env, variable: string): string | undefined {
  const value = read(env, variable)
  if (value !== undefined && !BUCKET_NAME.test(value)) throw new ConfigError(variable, value, 'an S3 bucket name (3–63 of a-z, 0-9, "." and "-")')
  return value
}

/** Reads a variable, treating an empty or blank value as unset. */
function read (env: Env, variable: string): string | undefined {
  const value = env[variable]?.trim()
  return value === '' ? undefined : value
}

function matching (env: Env, variable: string, pattern: RegExp, expected: string, fallback: string): string {
  const value = read(env, variable) ?? fallback
  if (!pattern.test(value)) throw new ConfigError(variable, value, expected)
  return value
}

function port (env: Env): number {
  const value = read(env, 'PORT') ?? '8000'
  const parsed = Number(value)
  if (!/^\d+$/.test(value) || parsed > 65535) throw new ConfigError('PORT', value, 'a port number from 0 to 65535')
  return parsed
}

function host (env: Env): string {
  const value = read(env, 'HOST') ?? '127.0.0.1'
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(value)) throw new ConfigError('HOST', value, 'a host name or IP address')
  return value
}

/** An http(s) origin, for the variable named; `value` is read at the call, so that each variable is named there. */
function endpoint (variable: string, value: string | undefined, example: string): string | undefined {
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}
  if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search !== '') {
    throw new ConfigError(variable, value, `an http(s) URL such as ${example}`)
  }
  return url.origin
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

function openSearch (env: Env): Config['openSearch'] {
  const url = endpoint('OPENSEARCH_ENDPOINT', read(env, 'OPENSEARCH_ENDPOINT'), 'https://search-orders-abc123.us-east-1.es.amazonaws.com')
  const index = matching(env, 'OPENSEARCH_INDEX', /^[a-z0-9][a-z0-9_-]{0,254}$/, 'a lower-case index name', 'orders')
  return url === undefined ? undefined : { endpoint: url, index }
}

const AUTH_VARIABLES = ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const

function auth (env: Env): AuthConfig | undefined {
  const [issuer, audience, jwksUrl] = AUTH_VARIABLES.map((variable) => read(env, variable))
  const reads = read(env, 'AUTH_READS') ?? 'false'
  if (!['true', 'false'].includes(reads)) throw new ConfigError('AUTH_READS', reads, 'true or false')
  if (issuer === undefined && audience === undefined && jwksUrl === undefined) {
    if (reads === 'true') throw new ConfigError('AUTH_READS', reads, 'false while AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL are unset')
    return undefined
  }
  // Half a configuration would leave the routes open while looking protected: all three or none.
  const missing = AUTH_VARIABLES.find((_variable, index) => [issuer, audience, jwksUrl][index] === undefined)
  if (missing !== undefined) throw new ConfigError(missing, '', 'set together with the other AUTH_ variables')
  let url: URL | undefined
  try {
    url = new URL(jwksUrl!)
  } catch {}
  if (url === undefined || !['http:', 'https:'].includes(url.protocol)) throw new ConfigError('AUTH_JWKS_URL', jwksUrl!, 'an http(s) URL')
  return { issuer: issuer!, audience: audience!, jwksUrl: url.href, reads: reads === 'true' }
}

function cursorSecret (env: Env): string | undefined {
  const value = read(env, 'CURSOR_SECRET')
  // Not echoed back: the error names the variable and the rule only.
  if (value !== undefined && value.length < 32) throw new ConfigError('CURSOR_SECRET', `(${value.length} characters)`, 'a secret of 32 characters or more')
  return value
}

function logLevel (env: Env): LogLevel {
  const value = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase()
  const level = LOG_LEVELS.find((known) => known === value)
  if (level === undefined) throw new ConfigError('LOG_LEVEL', value, `one of ${LOG_LEVELS.join(', ')}`)
  return level
}

function corsOrigins (env: Env, environment: string): '*' | string[] {
  const value = read(env, 'CORS_ORIGINS')
  const development = environment === 'dev'
  if (value === undefined) return development ? '*' : []
  if (value === '*') {
    // Outside development, a browser may call the API only from origins someone chose to list.
    if (!development) throw new ConfigError('CORS_ORIGINS', value, 'a comma-separated list of origins outside development (ENVIRONMENT=dev), not "*"')
    return '*'
  }
  const origins = value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '')
  for (const origin of origins) {
    let parsed: URL | undefined
    try {
      parsed = new URL(origin)
    } catch {}
    if (parsed?.origin !== origin) {
      throw new ConfigError('CORS_ORIGINS', value, '"*" or a comma-separated list of origins such as https://app.example.com')
    }
  }
  return origins
}

/** Builds the configuration from an environment; throws ConfigError naming the first bad variable. */
export function loadConfig (env: Env = process.env): Config {
  const environment = matching(env, 'ENVIRONMENT', NAME, 'a name of letters, digits, "_", "." or "-"', 'dev')
  const tableNameRule = '3–255 characters of letters, digits, "_", "." or "-"'
  const tableName = matching(env, 'DYNAMODB_TABLE_NAME', TABLE_NAME, tableNameRule, 'dev-benchmark-items')
  const idempotencyTableName = matching(env, 'DYNAMODB_IDEMPOTENCY_TABLE_NAME', TABLE_NAME, tableNameRule,
    `${tableName.slice(0, 255 - '-idempotency'.length)}-idempotency`)
  if (idempotencyTableName === tableName) {
    throw new ConfigError('DYNAMODB_IDEMPOTENCY_TABLE_NAME', idempotencyTableName, 'a table other than DYNAMODB_TABLE_NAME')
  }
  const ordersTableName = matching(env, 'DYNAMODB_ORDERS_TABLE_NAME', TABLE_NAME, tableNameRule,
    `${tableName.slice(0, 255 - '-orders'.length)}-orders`)
  if ([tableName, idempotencyTableName].includes(ordersTableName)) {
    throw new ConfigError('DYNAMODB_ORDERS_TABLE_NAME', ordersTableName, 'a table other than the items and idempotency tables')
  }
  return {
    port: port(env),
    host: host(env),
    tableName,
    idempotencyTableName,
    ordersTableName,
    openSearch: openSearch(env),
    orderQueueUrl: queueUrl(env),
    sqsEndpoint: endpoint('SQS_ENDPOINT', read(env, 'SQS_ENDPOINT'), 'http://localhost:9324'),
    imagesBucket: bucket(env, 'IMAGES_BUCKET'),
    reportsBucket: bucket(env, 'REPORTS_BUCKET'),
    s3Endpoint: endpoint('S3_ENDPOINT', read(env, 'S3_ENDPOINT'), 'http://localhost:8003'),
    region: matching(env, 'AWS_REGION', REGION, 'an AWS region such as us-east-1', 'us-east-1'),
    dynamodbEndpoint: endpoint('DYNAMODB_ENDPOINT', read(env, 'DYNAMODB_ENDPOINT'), 'http://localhost:8001'),
    dataDir: read(env, 'DATA_DIR') ?? '.data',
    logLevel: logLevel(env),
    environment,
    serviceName: matching(env, 'SERVICE_NAME', NAME, 'a name of letters, digits, "_", "." or "-"', 'items-api'),
    corsOrigins: corsOrigins(env, environment),
    cursorSecret: cursorSecret(env),
    auth: auth(env),
    onLambda: read(env, 'AWS_LAMBDA_FUNCTION_NAME') !== undefined,
    lambdaInitialization: read(env, 'AWS_LAMBDA_INITIALIZATION_TYPE')
  }
}
