// npm run package offline: the CloudFormation template and the zip serverless.yml produces, read and checked.
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'
import t, { type Test } from 'tap'
import yauzl from 'yauzl'
import {
  CUSTOMER_INDEX, DATE_INDEX, IDEMPOTENCY_EXPIRES_AT, idempotencyTableDefinition, itemsTableDefinition, ordersTableDefinition
} from '../../../../src/adapters/dynamodb/table-definitions.ts'
import { buildApp } from '../../../../src/app.ts'
import { apiSettings } from '../../../../src/platforms/aws/settings.ts'
import { lambdaRuntimeNode } from '../../../../scripts/record-compile-cache.ts'
import { loadedAtInit } from '../../../scripts/loaded-at-init.ts'
import { NO_NETWORK_NAMESPACE, serverless, serviceCopy } from './service-copy.ts'
import { testDependencies } from '../../../helper.ts'

const MB = 1024 * 1024
// The JavaScript the API function's init loads, compressed: what its cold start reads and compiles (README,
// Performance). Chunks loaded on first use (the token verifier, the OpenSearch client) are reported beside it.
const CODE_BUDGET_BYTES = 250 * 1024

interface ZipEntry { name: string, size: number, compressed: number }

/** The first bytes of one file in a zip. */
async function zipFileHead (file: string, name: string, bytes: number): Promise<Buffer> {
  const zip = await yauzl.openPromise(file)
  const iterable = (zip as unknown as { eachEntry: () => AsyncIterable<yauzl.Entry> }).eachEntry()
  for await (const entry of iterable) {
    if (entry.fileName !== name) continue
    const stream = await (zip as unknown as { openReadStreamPromise: (entry: yauzl.Entry) => Promise<NodeJS.ReadableStream> }).openReadStreamPromise(entry)
    const chunks: Buffer[] = []
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer)
      if (Buffer.concat(chunks).length >= bytes) break
    }
    zip.close()
    return Buffer.concat(chunks).subarray(0, bytes)
  }
  zip.close()
  throw new Error(`${name} is not in ${file}`)
}

async function zipEntries (file: string): Promise<ZipEntry[]> {
  const zip = await yauzl.openPromise(file)
  // yauzl 3's promise API, which its type definitions do not describe yet; it closes the file at the end.
  const iterable = (zip as unknown as { eachEntry: () => AsyncIterable<yauzl.Entry> }).eachEntry()
  const entries: ZipEntry[] = []
  for await (const entry of iterable) entries.push({ name: entry.fileName, size: entry.uncompressedSize, compressed: entry.compressedSize })
  return entries
}

/** `serverless package` for a stage, with `--param name=value` for each of params. */
/** What `serverless package` made: the template, and each function's zip. */
type FunctionKey = 'api' | 'orderStream' | 'orderWorker' | 'dailyReport' | 'thumbnails'
interface Packaged { template: any, zip: string, zips: Record<FunctionKey, string>, atInit: string[] }

async function packageStage (t: Test, stage: string, params: Record<string, string> = {}, compileCache = false): Promise<Packaged> {
  const { dir, api, builtLambda } = await serviceCopy(t, { compileCache })
  const paramArgs = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`])
  const child = serverless(dir, ['package', '--stage', stage, '--package', 'out', ...paramArgs])
  let output = ''
  child.stdout?.on('data', (chunk) => { output += chunk })
  child.stderr?.on('data', (chunk) => { output += chunk })
  const [code] = await once(child, 'exit')
  const network = NO_NETWORK_NAMESPACE ? 'no network (a namespace with no interface up)' : 'proxies pointing at a closed port (no unshare here)'
  t.equal(code, 0, `serverless package --stage ${stage} succeeds with no credentials and ${network}`) || t.comment(output)
  return {
    template: JSON.parse(await readFile(join(dir, 'out/cloudformation-template-update-stack.json'), 'utf8')),
    zip: join(dir, 'out/api.zip'),
    zips: Object.fromEntries((['api', 'orderStream', 'orderWorker', 'dailyReport', 'thumbnails'] as const).map((fn) => [fn, join(dir, `out/${fn}.zip`)])) as Record<FunctionKey, string>,
    atInit: loadedAtInit(api.metafile, builtLambda).map((name) => `dist/lambda/${name}`)
  }
}

/** The DynamoDB commands a store module sends, read from its source: the IAM policy must allow exactly these. */
/** The commands the files send (`new …Command(`), sorted. */
async function storeCommands (...files: string[]): Promise<string[]> {
  const sources = await Promise.all(files.map(async (path) => await readFile(path, 'utf8')))
  return [...new Set(sources.flatMap((source) => [...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1])))].sort()
}

/** Where the DynamoDB stores' new records are put (putNew). */
const CONDITIONAL_WRITES = 'src/adapters/dynamodb/conditional-write.ts'

// lib-dynamodb's document commands and the IAM actions they need.
const IAM_ACTION: Record<string, string> = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', Scan: 'Scan', Query: 'Query' }

/** Every statement of a role the template defines. */
const statementsOf = (role: any): any[] => role.Properties.Policies.flatMap((policy: any) => policy.PolicyDocument.Statement)
/** The statements whose actions start with `service:`. */
const statementsFor = (role: any, service: string): any[] =>
  statementsOf(role).filter((statement: any) => [statement.Action ?? []].flat().some((action: string) => action.startsWith(`${service}:`)))

/* eslint-disable no-template-curly-in-string -- CloudFormation's Fn::Sub, not JavaScript's */
/** The buckets' names: the stack, the account and the region, resolved by CloudFormation. */
const BUCKET_NAME = {
  images: '${AWS::StackName}-images-${AWS::AccountId}-${AWS::Region}',
  reports: '${AWS::StackName}-reports-${AWS::AccountId}-${AWS::Region}'
}
const bucketArn = (bucket: keyof typeof BUCKET_NAME, path = ''): { 'Fn::Sub': string } => ({ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${BUCKET_NAME[bucket]}${path}` })

/** A function's environment as CloudFormation resolves it, for a stack items-api-dev in account 123456789012. */
function resolvedEnvironment (variables: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string'
    ? value
    : String((value as { 'Fn::Sub': string })['Fn::Sub']).replace('${AWS::StackName}', 'items-api-dev').replace('${AWS::AccountId}', '123456789012').replace('${AWS::Region}', 'us-east-1')]))
}

/** The API's CURSOR_SECRET: the stack's generated secret, resolved by CloudFormation at deploy time. */
const CURSOR_SECRET_REFERENCE = '{{resolve:secretsmanager:${CursorSecret}:SecretString}}'

/* eslint-enable no-template-curly-in-string */

/** The statements a role has only under `condition`: each Fn::If's first branch. */
const conditionedStatements = (role: any, condition: string): any[] =>
  statementsOf(role).filter((statement: any) => statement['Fn::If']?.[0] === condition).map((statement: any) => statement['Fn::If'][1])

/**
 * The requests each OpenSearch client call of src/search/open-search-client.ts sends: the IAM action its method needs,
 * and its path under the index (the index itself, or its documents).
 */
const OPENSEARCH_REQUEST: Record<string, [string, string]> = {
  'indices.exists': ['es:ESHttpHead', ''],
  'indices.create': ['es:ESHttpPut', ''],
  index: ['es:ESHttpPut', '/_doc/*'],
  delete: ['es:ESHttpDelete', '/_doc/*'],
  search: ['es:ESHttpPost', '/_search']
}

/** Every `pattern` match's first group in a source file, once each, sorted. */
async function callsIn (file: string, pattern: RegExp): Promise<string[]> {
  return [...new Set([...(await readFile(file, 'utf8')).matchAll(pattern)].map((match) => match[1]))].sort()
}

/** The S3 statements of a role, as [actions, resource]. */
const s3Statements = (role: any): Array<[string[], unknown]> => statementsFor(role, 's3').map((statement) => [[...statement.Action].sort(), statement.Resource])

function ofType (resources: Record<string, any>, type: string): any[] {
  return Object.values(resources).filter((resource) => resource.Type === type)
}

/** Each HTTP API route key and how it is authorized: NONE, or JWT with the authorizer's logical id. */
function httpApiRoutes (resources: Record<string, any>): Record<string, string> {
  return Object.fromEntries(ofType(resources, 'AWS::ApiGatewayV2::Route').map(({ Properties: route }) =>
    [route.RouteKey, route.AuthorizationType === undefined ? 'NONE' : `${route.AuthorizationType} ${route.AuthorizerId.Ref}`]))
}

/** The template's table has the name, key schema and billing of the store's own definition. */
function assertDefinedAs (t: Test, table: { Properties: Record<string, unknown> }, definition: CreateTableCommandInput): void {
  t.equal(table.Properties.TableName, definition.TableName)
  t.same(table.Properties.KeySchema, definition.KeySchema)
  t.same(table.Properties.AttributeDefinitions, definition.AttributeDefinitions)
  t.equal(table.Properties.BillingMode, definition.BillingMode)
}

t.test('the dev stage', async (t) => {
  // With the compile cache where the runtime's Node can run here (.ci/run makes sure it can).
  const { template, zip, zips, atInit } = await packageStage(t, 'dev', {}, true)
  const resources = template.Resources
  const fn = resources.ApiLambdaFunction.Properties
  t.same(fn.RuntimeManagementConfig, { UpdateRuntimeOn: 'FunctionUpdate' }, 'Node changes only with a deploy, which ships a new compile cache')

  t.equal(fn.Runtime, 'nodejs24.x')
  t.same(fn.Architectures, ['arm64'])
  t.equal(fn.Handler, 'dist/lambda/index.handler')
  t.equal(fn.MemorySize, 512)
  t.equal(fn.Timeout, 15)
  t.same(fn.Environment.Variables, {
    DYNAMODB_TABLE_NAME: 'items-api-dev-items',
    DYNAMODB_IDEMPOTENCY_TABLE_NAME: 'items-api-dev-idempotency',
    DYNAMODB_ORDERS_TABLE_NAME: 'items-api-dev-orders',
    IMAGES_BUCKET: { 'Fn::Sub': BUCKET_NAME.images },
    REPORTS_BUCKET: { 'Fn::Sub': BUCKET_NAME.reports },
    OPENSEARCH_ENDPOINT: '',
    OPENSEARCH_INDEX: 'orders',
    LOG_LEVEL: 'info',
    ENVIRONMENT: 'dev',
    SERVICE_NAME: 'items-api',
    CORS_ORIGINS: '',
    AUTH_ISSUER: '',
    AUTH_AUDIENCE: '',
    AUTH_JWKS_URL: '',
    AUTH_READS: 'false',
    CURSOR_SECRET: { 'Fn::Sub': CURSOR_SECRET_REFERENCE }
  }, 'the environment API.md names, and no DYNAMODB_ENDPOINT: AWS itself')
  t.same(resources.CursorSecret.Properties, {
    Name: 'items-api-dev-cursor-secret',
    Description: 'Signs the list cursors items-api issues',
    GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true }
  }, 'the cursor secret: generated with the stack, 64 characters, resolved into the API\'s environment at deploy time')
  const resolved = resolvedEnvironment({ ...fn.Environment.Variables, CURSOR_SECRET: 'x'.repeat(64) })
  t.equal(apiSettings(resolved).auth, undefined, 'which the service reads as: no authentication')
  t.match(apiSettings(resolved), { imagesBucket: 'items-api-dev-images-123456789012-us-east-1', reportsBucket: 'items-api-dev-reports-123456789012-us-east-1', s3Endpoint: undefined },
    'both buckets, and S3 itself')
  t.equal(resources.ApiLogGroup.Properties.RetentionInDays, 14, 'log retention')

  t.test('IAM: a role per function, each allowing only its own calls on its own resources', async (t) => {
    t.equal(resources.IamRoleLambdaExecution, undefined, 'no shared default role')
    const roles = { Api: 'ApiRole', OrderStream: 'OrderStreamRole', OrderWorker: 'OrderWorkerRole', DailyReport: 'DailyReportRole', Thumbnails: 'ThumbnailsRole' }
    for (const [fn, role] of Object.entries(roles)) {
      t.same(resources[`${fn}LambdaFunction`].Properties.Role, { 'Fn::GetAtt': [role, 'Arn'] }, `${fn}: its own role`)
      t.same(resources[role].Properties.AssumeRolePolicyDocument.Statement, [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }])
      for (const statement of statementsOf(resources[role]).filter((candidate) => candidate.Effect !== undefined)) {
        const actions = [statement.Action].flat()
        t.notOk(actions.some((action: string) => action === '*' || action.endsWith(':*')), `${role}: no wildcard action in ${actions.join(', ')}`)
        t.notOk([statement.Resource].flat().includes('*'), `${role}: no "*" resource`)
      }
      const logs = statementsFor(resources[role], 'logs')
      t.same(logs.map((statement) => statement.Resource['Fn::Sub']), [`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/items-api-dev-${fn[0].toLowerCase()}${fn.slice(1)}:*`],
        `${role}: writes to its own log group only`)
    }

    const api = statementsFor(resources.ApiRole, 'dynamodb')
    t.equal(api.length, 4, 'the API: one DynamoDB statement per table, and the customer index')
    for (const [table, file] of [['ItemsTable', 'src/adapters/dynamodb/dynamodb-item-store.ts'], ['IdempotencyTable', 'src/adapters/dynamodb/idempotent-create.ts']]) {
      const statement = api.find((candidate: any) => candidate.Resource['Fn::GetAtt']?.[0] === table)
      t.same(statement?.Resource, { 'Fn::GetAtt': [table, 'Arn'] }, `${table}: on its ARN only`)
      t.same([...statement.Action].sort(), (await storeCommands(file, CONDITIONAL_WRITES)).map((command) => `dynamodb:${IAM_ACTION[command]}`).sort(),
        `${table}: exactly the commands ${file} sends`)
    }
    const orderCommands = (await storeCommands('src/adapters/dynamodb/dynamodb-order-store.ts', CONDITIONAL_WRITES)).map((command) => `dynamodb:${IAM_ACTION[command]}`)
    const onTable = api.find((candidate: any) => candidate.Resource['Fn::GetAtt']?.[0] === 'OrdersTable')
    const onIndex = api.find((candidate: any) => candidate.Resource['Fn::Join'] !== undefined)
    t.same([...onTable.Action, ...onIndex.Action].sort(), orderCommands.sort(), 'OrdersTable: exactly the commands the order store sends')
    t.same(onIndex.Action, ['dynamodb:Query'], 'queries only…')
    t.same(onIndex.Resource, { 'Fn::Join': ['/', [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }, 'index', CUSTOMER_INDEX]] }, '…on the customer index')

    const worker = statementsOf(resources.OrderWorkerRole)
    t.same(statementsFor(resources.OrderWorkerRole, 'dynamodb').map((statement) => [statement.Action, statement.Resource]),
      [[['dynamodb:GetItem', 'dynamodb:UpdateItem'], { 'Fn::GetAtt': ['OrdersTable', 'Arn'] }]], 'the worker: a transition\'s update and read')
    t.same(statementsFor(resources.OrderWorkerRole, 'sqs').map((statement) => [[...statement.Action].sort(), statement.Resource]),
      [[['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], { 'Fn::GetAtt': ['OrderQueue', 'Arn'] }]],
      'and what its event source mapping does on the order queue')
    t.equal(worker.length, 3)

    const stream = statementsOf(resources.OrderStreamRole)
    t.same(statementsFor(resources.OrderStreamRole, 'sqs').map((statement) => [statement.Action, statement.Resource]),
      [[['sqs:SendMessage'], [{ 'Fn::GetAtt': ['OrderQueue', 'Arn'] }, { 'Fn::GetAtt': ['OrderStreamFailures', 'Arn'] }]]],
      'the stream consumer sends to the order queue and its on-failure destination, nothing else')
    t.same(statementsFor(resources.OrderStreamRole, 'dynamodb').flatMap((statement) => statement.Action).sort(),
      ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'], 'reads the stream only')
    for (const statement of stream.slice(-2)) {
      t.match(statement, { 'Fn::If': ['HasSearch', { Action: Array }, { Ref: 'AWS::NoValue' }] }, 'OpenSearch only where the stage names a domain')
    }
    t.same(template.Conditions.HasSearch, { 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] }, 'and dev names none')

    // S3: the commands src/blobs/s3-blob-store.ts sends, each where the function needs it.
    t.same(await storeCommands('src/adapters/s3/s3-blob-store.ts'), ['DeleteObjects', 'GetObject', 'PutObject'], 'the blob store gets, puts and deletes')
    t.same(s3Statements(resources.ApiRole), [
      [['s3:PutObject'], bucketArn('images', '/uploads/*')],
      [['s3:GetObject'], bucketArn('images', '/thumbnails/*')],
      [['s3:GetObject'], bucketArn('reports', '/reports/daily/*')]
    ], 'the API: signs uploads under uploads/ and thumbnail reads, and reads reports')
    t.same(s3Statements(resources.ThumbnailsRole), [
      [['s3:DeleteObject', 's3:GetObject'], bucketArn('images', '/uploads/*')],
      [['s3:DeleteObject', 's3:PutObject'], bucketArn('images', '/thumbnails/*')]
    ], 'the thumbnail function: reads and removes uploads, writes and removes thumbnails')
    t.same(statementsFor(resources.ThumbnailsRole, 'dynamodb').map((statement) => [statement.Action, statement.Resource]),
      [[['dynamodb:GetItem', 'dynamodb:UpdateItem'], { 'Fn::GetAtt': ['ItemsTable', 'Arn'] }]], 'reads the item and records the outcome')
    t.same(s3Statements(resources.DailyReportRole), [[['s3:PutObject'], bucketArn('reports', '/reports/daily/*')]], 'the report: writes reports only')
    t.same(statementsFor(resources.DailyReportRole, 'dynamodb').map((statement) => [statement.Action, statement.Resource]),
      [[['dynamodb:Query'], { 'Fn::Join': ['/', [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }, 'index', DATE_INDEX]] }]], 'queries the date index, never the table')
    for (const role of ['DailyReportRole', 'ThumbnailsRole']) {
      t.same(statementsFor(resources[role], 'sqs').map((statement) => [statement.Action, statement.Resource]),
        [[['sqs:SendMessage'], { 'Fn::GetAtt': ['FunctionFailures', 'Arn'] }]], `${role}: its on-failure destination`)
      t.equal(statementsOf(resources[role]).length, role === 'DailyReportRole' ? 4 : 5, `${role}: nothing else`)
    }
  })

  t.test('limits: every HTTP API route throttled on the stage, the thumbnail function\'s concurrency reserved', async (t) => {
    const [stage, ...others] = ofType(resources, 'AWS::ApiGatewayV2::Stage')
    t.equal(others.length, 0, 'one stage')
    t.match(stage.Properties, { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true })
    t.same(stage.Properties.DefaultRouteSettings, { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }, '100 requests a second, bursts of 200')
    t.equal(resources.ThumbnailsLambdaFunction.Properties.ReservedConcurrentExecutions, 10, 'thumbnails: 10 at once, reserved')
    for (const fn of ['Api', 'OrderStream', 'OrderWorker', 'DailyReport']) {
      t.equal(resources[`${fn}LambdaFunction`].Properties.ReservedConcurrentExecutions, undefined, `${fn}: none, as serverless.yml explains`)
    }
  })

  t.test('the buckets: private, versioned, encrypted, TLS only; uploads/ notifies the thumbnail function', async (t) => {
    for (const [name, bucket] of [['ImagesBucket', 'images'], ['ReportsBucket', 'reports']] as const) {
      const properties = resources[name].Properties
      t.same(properties.BucketName, { 'Fn::Sub': BUCKET_NAME[bucket] }, `${name}: its name`)
      t.same(properties.VersioningConfiguration, { Status: 'Enabled' }, `${name}: versioned`)
      t.same(properties.BucketEncryption.ServerSideEncryptionConfiguration, [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }], `${name}: encrypted`)
      t.same(properties.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true }, `${name}: private`)
      t.same(properties.OwnershipControls, { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] }, `${name}: no ACLs`)
      t.equal(resources[name].DeletionPolicy, 'Delete', `${name}: dev's goes with the stack`)
      const [tlsOnly] = resources[`${name}Policy`].Properties.PolicyDocument.Statement
      t.match(tlsOnly, { Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': false } } }, `${name}: TLS only`)
    }
    const images = resources.ImagesBucket
    t.same(images.Properties.NotificationConfiguration.LambdaConfigurations, [{
      Event: 's3:ObjectCreated:*',
      Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'uploads/' }] } },
      Function: { 'Fn::GetAtt': ['ThumbnailsLambdaFunction', 'Arn'] }
    }], 'ObjectCreated under uploads/ invokes the thumbnail function, and thumbnails/ does not')
    t.same([images.DependsOn].flat(), ['ThumbnailsLambdaPermissionImagesBucket'], 'made once S3 may invoke the function')
    t.match(resources.ThumbnailsLambdaPermissionImagesBucket.Properties, {
      Principal: 's3.amazonaws.com', Action: 'lambda:InvokeFunction', SourceArn: bucketArn('images'), SourceAccount: { Ref: 'AWS::AccountId' }
    }, 'S3 may invoke it, for this bucket and account only')
    t.same(images.Properties.CorsConfiguration['Fn::If'][0], 'HasCorsOrigins')
    t.same(template.Conditions.HasCorsOrigins, { 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] }, 'dev lists no origins: no browser may upload')
  })

  t.test('the daily report on its schedule and the thumbnail function: asynchronous, retried twice, then their destination', async (t) => {
    const [rule, ...others] = ofType(resources, 'AWS::Events::Rule')
    t.equal(others.length, 0)
    t.match(rule.Properties, { ScheduleExpression: 'cron(0 2 * * ? *)', State: 'ENABLED', Targets: [{ Arn: { 'Fn::GetAtt': ['DailyReportLambdaFunction', 'Arn'] } }] },
      'every day at 02:00 UTC')
    for (const fn of ['DailyReport', 'Thumbnails']) {
      t.match(resources[`${fn}LambdaEvConf`].Properties, {
        FunctionName: { Ref: `${fn}LambdaFunction` }, MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FunctionFailures', 'Arn'] } } }
      }, `${fn}: retried twice, then to FunctionFailures`)
    }
    t.match(resources.FunctionFailures.Properties, { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true })
    t.match(resources.ThumbnailsLambdaFunction.Properties, { Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 1024, Timeout: 300 }, 'thumbnails: 1024 MB, 5 minutes')
    t.match(resources.DailyReportLambdaFunction.Properties, { Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 256, Timeout: 60 })
    t.equal(apiSettings(resolvedEnvironment(resources.DailyReportLambdaFunction.Properties.Environment.Variables)).ordersTableName, 'items-api-dev-orders')
  })

  t.test('the orders table: the store\'s definition with both indexes, its stream, point-in-time recovery', async (t) => {
    const table = resources.OrdersTable
    const definition = ordersTableDefinition('items-api-dev-orders', { stream: true })
    assertDefinedAs(t, table, definition)
    t.same(table.Properties.GlobalSecondaryIndexes, definition.GlobalSecondaryIndexes, 'the customer and date indexes, as the store queries them')
    t.same(table.Properties.StreamSpecification, { StreamViewType: 'NEW_AND_OLD_IMAGES' })
    t.same(table.Properties.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true })
  })

  t.test('the pipeline: the queue, its dead-letter queue, and both event source mappings as ORDERS.md says', async (t) => {
    const queue = resources.OrderQueue.Properties
    const worker = resources.OrderWorkerLambdaFunction.Properties
    t.ok(queue.VisibilityTimeout >= 6 * worker.Timeout, `visibility timeout ${queue.VisibilityTimeout} s ≥ 6 × the worker's ${worker.Timeout} s`)
    t.same(queue.RedrivePolicy, { deadLetterTargetArn: { 'Fn::GetAtt': ['OrderDeadLetters', 'Arn'] }, maxReceiveCount: 3 }, 'dead-lettered after 3 receives')
    t.equal(resources.OrderDeadLetters.Properties.MessageRetentionPeriod, 14 * 24 * 3600, 'dead letters kept 14 days')
    for (const name of ['OrderQueue', 'OrderDeadLetters', 'OrderStreamFailures']) t.equal(resources[name].Properties.SqsManagedSseEnabled, true, `${name} encrypted`)

    const mappings = ofType(resources, 'AWS::Lambda::EventSourceMapping').map((mapping) => mapping.Properties)
    t.equal(mappings.length, 2)
    const sqs = mappings.find((mapping) => mapping.EventSourceArn['Fn::GetAtt'][0] === 'OrderQueue')
    t.match(sqs, { FunctionName: { 'Fn::GetAtt': ['OrderWorkerLambdaFunction', 'Arn'] }, BatchSize: 10, MaximumBatchingWindowInSeconds: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] })
    const stream = mappings.find((mapping) => mapping.EventSourceArn['Fn::GetAtt']?.[1] === 'StreamArn')
    t.match(stream, {
      FunctionName: { 'Fn::GetAtt': ['OrderStreamLambdaFunction', 'Arn'] },
      EventSourceArn: { 'Fn::GetAtt': ['OrdersTable', 'StreamArn'] },
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['OrderStreamFailures', 'Arn'] } } }
    })
    t.same(resources.OrderStreamLambdaFunction.Properties.Environment.Variables.ORDER_QUEUE_URL, { Ref: 'OrderQueue' })
    t.equal(apiSettings({ ...resolvedEnvironment(resources.OrderStreamLambdaFunction.Properties.Environment.Variables), ORDER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' }).ordersTableName,
      'items-api-dev-orders', 'the functions read the orders table serverless.yml makes')
    for (const fn of ['OrderStream', 'OrderWorker']) {
      t.match(resources[`${fn}LambdaFunction`].Properties, { Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 256 })
    }
  })

  t.test('each event-driven function\'s zip: its own bundle, and only what it uses', async (t) => {
    for (const [fn, folder] of [['orderStream', 'order-stream'], ['orderWorker', 'order-worker'], ['dailyReport', 'daily-report'], ['thumbnails', 'thumbnails']] as const) {
      const entries = await zipEntries(zips[fn])
      const names = entries.map((entry) => entry.name)
      t.ok(names.every((name) => name.startsWith(`dist/functions/${folder}/`)), `${fn}: nothing but its own build`)
      t.ok(names.includes(`dist/functions/${folder}/index.mjs`), `${fn}: its entry`)
      t.notOk(names.some((name) => name.endsWith('.map')), `${fn}: no map`)
      t.equal(names.some((name) => name.includes('node_modules')), fn === 'thumbnails', `${fn}: ${fn === 'thumbnails' ? 'sharp beside its bundle' : 'no node_modules'}`)
      const code = entries.filter((entry) => entry.name.endsWith('.mjs') && !entry.name.includes('node_modules')).reduce((sum, entry) => sum + entry.compressed, 0)
      t.comment(`${fn}: zip ${(await readFile(zips[fn])).length} bytes; code ${code} bytes compressed`)
    }
  })

  t.test('sharp\'s linux-arm64 (glibc) binaries are in the thumbnail function\'s zip, and in no other', async (t) => {
    const names = (await zipEntries(zips.thumbnails)).map((entry) => entry.name)
    const modules = 'dist/functions/thumbnails/node_modules/'
    t.ok(names.includes(`${modules}sharp/package.json`), 'sharp')
    t.same([...new Set(names.filter((name) => name.startsWith(`${modules}@img/`)).map((name) => name.split('/')[5]))].sort(),
      ['colour', 'sharp-libvips-linux-arm64', 'sharp-linux-arm64'], 'only the linux-arm64 glibc builds: no x64, no musl')
    const natives = names.filter((name) => /\.node$|libvips-cpp\.so/.test(name))
    t.equal(natives.length, 2, `the addon and libvips: ${natives.join(', ')}`)
    for (const native of natives) {
      const head = await zipFileHead(zips.thumbnails, native, 20)
      t.equal(head.subarray(0, 4).toString('latin1'), '\x7fELF', `${native}: an ELF shared object`)
      t.equal(head[4], 2, `${native}: 64-bit`)
      t.equal(head.readUInt16LE(18), 183, `${native}: for AArch64 (e_machine 183), Lambda's arm64`)
    }
    for (const fn of ['api', 'orderStream', 'orderWorker', 'dailyReport'] as const) {
      t.notOk((await zipEntries(zips[fn])).some((entry) => /sharp|@img|libvips/.test(entry.name)), `${fn}: no sharp`)
    }
  })

  t.test('the table: the store\'s key schema, on demand, point-in-time recovery', async (t) => {
    const table = resources.ItemsTable
    assertDefinedAs(t, table, itemsTableDefinition('items-api-dev-items'))
    t.same(table.Properties.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true })
    t.equal(table.Properties.DeletionProtectionEnabled, false, 'dev can be removed')
    t.equal(table.DeletionPolicy, 'Delete')
  })

  t.test('the idempotency table: its key schema, on demand, records expired by TTL', async (t) => {
    const table = resources.IdempotencyTable
    assertDefinedAs(t, table, idempotencyTableDefinition('items-api-dev-idempotency'))
    t.same(table.Properties.TimeToLiveSpecification, { AttributeName: IDEMPOTENCY_EXPIRES_AT, Enabled: true })
  })

  t.test('one catch-all HTTP API route, no authorizer, and the outputs', async (t) => {
    t.same(httpApiRoutes(resources), { $default: 'NONE' })
    t.same(ofType(resources, 'AWS::ApiGatewayV2::Authorizer'), [])
    t.ok(template.Outputs.HttpApiUrl, 'the API URL')
    t.same(template.Outputs.ItemsTableName.Value, { Ref: 'ItemsTable' }, 'the table name')
  })

  t.test('the zip: the built artifact only, under the size limits', async (t) => {
    const entries = await zipEntries(zip)
    const names = entries.map((entry) => entry.name)
    t.ok(names.every((name) => name.startsWith('dist/lambda/')), 'nothing but the build output')
    t.notOk(names.some((name) => name.includes('node_modules') || name.startsWith('src/') || name.endsWith('.map')), 'no node_modules, sources or map')
    for (const needed of ['index.mjs', 'package.json']) t.ok(names.includes(`dist/lambda/${needed}`), needed)
    if (lambdaRuntimeNode() !== undefined) {
      t.ok(names.includes('dist/lambda/compile-cache/built-for'), 'the compile cache, with the Node it is for')
      t.ok(names.some((name) => /^dist\/lambda\/compile-cache\/v24\.[\d.]+-arm64-\w+-\d+\/\w+$/.test(name)), 'made by Node 24 for arm64')
    }
    t.ok(names.some((name) => /^dist\/lambda\/api-app-\w+\.mjs$/.test(name)), 'the app\'s chunk')
    t.ok(names.some((name) => /^dist\/lambda\/docs\/\w+-swagger-ui-bundle\.js$/.test(name)), 'the recorded docs')
    const zipBytes = (await readFile(zip)).length
    const code = entries.filter((entry) => entry.name.endsWith('.mjs')).reduce((sum, entry) => sum + entry.compressed, 0)
    const initCode = entries.filter((entry) => atInit.includes(entry.name) && entry.name.endsWith('.mjs')).reduce((sum, entry) => sum + entry.compressed, 0)
    t.ok(zipBytes < 2 * MB, `the zip with the docs assets is under 2 MB (${zipBytes} bytes)`)
    t.ok(initCode < CODE_BUDGET_BYTES, `the code init loads is under its budget of ${CODE_BUDGET_BYTES / 1024} KiB compressed (${initCode} bytes)`)
    t.comment(`zip ${zipBytes} bytes; code ${code} bytes compressed, of which init loads ${initCode}`)
  })
})

t.test('the prod stage protects its data; a runtime pinned by hand, for a compile cache built for its Node', async (t) => {
  // One package run for both: each stage packaged costs the suite several seconds.
  const arn = 'arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
  // With a search domain of its own index, and its own limits.
  const domain = 'arn:aws:es:us-east-1:123456789012:domain/items-orders'
  const { template } = await packageStage(t, 'prod', {
    runtimeUpdates: 'manual',
    runtimeVersionArn: arn,
    searchEndpoint: 'https://search-items-orders-abc123.us-east-1.es.amazonaws.com',
    searchDomainArn: domain,
    searchIndex: 'orders-prod',
    apiThrottleRate: '500',
    apiThrottleBurst: '1000',
    thumbnailsConcurrency: '25'
  })
  const table = template.Resources.ItemsTable
  t.equal(table.Properties.TableName, 'items-api-prod-items')
  t.equal(table.Properties.DeletionProtectionEnabled, true)
  t.equal(table.DeletionPolicy, 'Retain')
  t.equal(table.UpdateReplacePolicy, 'Retain')
  t.equal(template.Resources.ApiLogGroup.Properties.RetentionInDays, 90)
  t.equal(template.Resources.ApiLambdaFunction.Properties.Environment.Variables.ENVIRONMENT, 'prod')
  for (const bucket of ['ImagesBucket', 'ReportsBucket']) t.equal(template.Resources[bucket].DeletionPolicy, 'Retain', `${bucket} stays`)
  t.same(template.Resources.ApiLambdaFunction.Properties.RuntimeManagementConfig, { UpdateRuntimeOn: 'Manual', RuntimeVersionArn: arn })

  t.test('the stream consumer may call its own index on the domain, with exactly the requests it sends', async (t) => {
    const streamEnvironment = resolvedEnvironment(template.Resources.OrderStreamLambdaFunction.Properties.Environment.Variables)
    t.match(apiSettings({ ...streamEnvironment, ORDER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' }).openSearch, { index: 'orders-prod' },
      'the function writes to the index the stage names')
    t.same(await callsIn('src/adapters/opensearch/open-search-client.ts', /this\.client\.([\w.]+)\(/g), [...Object.keys(OPENSEARCH_REQUEST), 'close'].sort(),
      'the client sends no request this test does not know')
    t.same(await callsIn('src/handlers/on-order-change.ts', /search\?\.(\w+)\(/g), ['remove', 'upsert'], 'the consumer upserts and removes, never searches')
    // upsert is index, remove is delete, and the first call of either checks for the index and creates it.
    const allowed: Record<string, string[]> = {}
    for (const call of ['indices.exists', 'indices.create', 'index', 'delete']) {
      const [action, path] = OPENSEARCH_REQUEST[call]
      const resource = `${domain}/orders-prod${path}`
      allowed[resource] = [...(allowed[resource] ?? []), action].sort()
    }
    const statements = conditionedStatements(template.Resources.OrderStreamRole, 'HasSearch')
    t.same(Object.fromEntries(statements.map((statement) => [statement.Resource, [...statement.Action].sort()])), allowed,
      'HEAD and PUT on the index, PUT and DELETE on its documents: no other index, path or method, no _search, no _bulk')
    t.ok(statements.every((statement) => statement.Effect === 'Allow'), 'allows only')
    t.same(template.Conditions.HasSearch, { 'Fn::Not': [{ 'Fn::Equals': ['https://search-items-orders-abc123.us-east-1.es.amazonaws.com', ''] }] })
  })

  t.test('its limits are its own', async (t) => {
    t.same(template.Resources.HttpApiStage.Properties.DefaultRouteSettings, { ThrottlingRateLimit: '500', ThrottlingBurstLimit: '1000' },
      'the stage\'s throttle (CloudFormation reads the numbers from strings)')
    t.equal(template.Resources.ThumbnailsLambdaFunction.Properties.ReservedConcurrentExecutions, 25)
  })
})

t.test('the HTTP API JWT authorizer, the alternative to checking tokens in the function alone', async (t) => {
  const auth = {
    authIssuer: 'https://issuer.example.com/',
    authAudience: 'items-api',
    authJwksUrl: 'https://issuer.example.com/.well-known/jwks.json'
  }
  const origins = 'https://app.example.com,https://admin.example.com'
  const { template } = await packageStage(t, 'dev', { ...auth, gatewayAuthorizer: 'jwt', corsOrigins: origins })
  const resources = template.Resources

  const [authorizer, ...others] = ofType(resources, 'AWS::ApiGatewayV2::Authorizer')
  t.equal(others.length, 0, 'one authorizer')
  t.same(authorizer.Properties, {
    ApiId: { Ref: 'HttpApi' },
    Name: 'itemsJwt',
    AuthorizerType: 'JWT',
    IdentitySource: ['$request.header.Authorization'],
    JwtConfiguration: { Issuer: auth.authIssuer, Audience: [auth.authAudience] }
  }, 'API Gateway checks the bearer token against the same issuer and audience as the service')

  // The operations the service itself protects, as its OpenAPI document declares them.
  const environment = resolvedEnvironment(template.Resources.ApiLambdaFunction.Properties.Environment.Variables)
  const config = apiSettings({ ...environment, LOG_LEVEL: 'silent' })
  t.same(config.auth, { issuer: auth.authIssuer, audience: auth.authAudience, jwksUrl: auth.authJwksUrl, reads: false },
    'the function still checks the token itself, with the same settings')
  const app = buildApp(config, testDependencies(config))
  t.teardown(() => app.close())
  const document = (await app.inject('/openapi.json')).json()
  const protectedOperations = Object.entries(document.paths as Record<string, Record<string, { security: unknown[] }>>)
    .flatMap(([path, operations]) => Object.entries(operations)
      .filter(([, operation]) => operation.security.length > 0)
      .map(([method]) => `${method.toUpperCase()} ${path}`))
  t.same(protectedOperations.sort(), [
    'DELETE /items/{id}', 'DELETE /orders/{order_id}', 'GET /customers/{customer_id}/orders', 'GET /orders/search', 'GET /orders/{order_id}',
    'GET /reports/daily/{date}', 'HEAD /customers/{customer_id}/orders', 'HEAD /orders/search', 'HEAD /orders/{order_id}', 'HEAD /reports/daily/{date}',
    'POST /items', 'POST /items/{id}/image', 'POST /orders', 'POST /orders/{order_id}/cancel', 'PUT /items/{id}'
  ], 'the writes, and the orders, customers and reports reads')
  // What the authorizer's route keys may not match reaches the function through the catch-all: it refuses it itself.
  for (const url of ['/ord%65rs/ORD-20240110-0a1b2c3d', '/orders/ORD-20240110-0a1b2c3d/', '/customers/C-1/orders/', '/reports/daily/2024-01-10/']) {
    t.equal((await app.inject(url)).statusCode, 401, `GET ${url} without a token: the function's own 401`)
  }

  t.same(template.Conditions.HasCorsOrigins, { 'Fn::Not': [{ 'Fn::Equals': [origins, ''] }] })
  t.same(template.Resources.ImagesBucket.Properties.CorsConfiguration['Fn::If'][1].CorsRules, [{
    AllowedOrigins: { 'Fn::Split': [',', origins] }, AllowedMethods: ['POST', 'GET'], AllowedHeaders: ['*'], ExposedHeaders: ['ETag'], MaxAge: 3000
  }], 'the images bucket lets the stage\'s origins POST uploads and GET thumbnails')
  t.same(config.corsOrigins, origins.split(','), 'the same origins the API allows')

  const authorizerRef = `JWT ${Object.keys(resources).find((id) => resources[id] === authorizer)}`
  t.same(httpApiRoutes(resources), {
    ...Object.fromEntries(protectedOperations.map((operation) => [operation, authorizerRef])),
    $default: 'NONE'
  }, 'exactly the protected operations go through the authorizer; item reads, preflights, docs and /health do not')
})

t.test('the gateway authorizer never stands alone: the function checks the token too, or does not start', async (t) => {
  const { dir } = await serviceCopy(t)
  /** `serverless print` of the dev stage with these params: its exit code, and the resolved configuration or the error. */
  async function printed (params: Record<string, string>): Promise<{ code: number, output: string }> {
    const child = serverless(dir, ['print', '--stage', 'dev', '--format', 'json', ...Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`])])
    let output = ''
    child.stdout?.on('data', (chunk) => { output += chunk })
    child.stderr?.on('data', (chunk) => { output += chunk })
    const [code] = await once(child, 'exit')
    return { code, output }
  }
  const alone = await printed({ gatewayAuthorizer: 'jwt' })
  t.not(alone.code, 0, 'without the AUTH_ params there is no authorizer to make: the configuration is refused')
  t.match(alone.output, /authorizers\.itemsJwt\.issuerUrl/)

  const withoutKeys = await printed({ gatewayAuthorizer: 'jwt', authIssuer: 'https://issuer.example.com/', authAudience: 'items-api' })
  t.equal(withoutKeys.code, 0, 'the issuer and audience are enough for the authorizer…')
  const environment = JSON.parse(withoutKeys.output.slice(withoutKeys.output.indexOf('{'))).provider.environment
  t.match(environment, { AUTH_ISSUER: 'https://issuer.example.com/', AUTH_AUDIENCE: 'items-api', AUTH_JWKS_URL: '' }, '…and reach the function as its AUTH_ settings')
  t.throws(() => apiSettings(resolvedEnvironment(environment)), { name: 'ConfigError', variable: 'AUTH_JWKS_URL' }, '…which refuses to start without the key set: never open behind the authorizer')
})
