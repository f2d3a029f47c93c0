// npm run package offline: the CloudFormation template and the zip serverless.yml produces, read and checked.
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'
import t, { type Test } from 'tap'
import yauzl from 'yauzl'
import {
  CUSTOMER_INDEX, IDEMPOTENCY_EXPIRES_AT, idempotencyTableDefinition, itemsTableDefinition, ordersTableDefinition
} from '../../src/store/table-definition.ts'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { lambdaRuntimeNode } from '../../scripts/compile-cache.ts'
import { loadedAtInit } from '../scripts/loaded-at-init.ts'
import { NO_NETWORK_NAMESPACE, serverless, serviceCopy } from './service-copy.ts'

const MB = 1024 * 1024
// The JavaScript the API function's init loads, compressed: what its cold start reads and compiles (README,
// Performance). Chunks loaded on first use (the token verifier, the OpenSearch client) are reported beside it.
const CODE_BUDGET_BYTES = 250 * 1024

interface ZipEntry { name: string, size: number, compressed: number }

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
interface Packaged { template: any, zip: string, zips: Record<'api' | 'orderStream' | 'orderWorker', string>, atInit: string[] }

async function packageStage (t: Test, stage: string, params: Record<string, string> = {}, compileCache = false): Promise<Packaged> {
  const { dir, api } = await serviceCopy(t, { compileCache })
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
    zips: { api: join(dir, 'out/api.zip'), orderStream: join(dir, 'out/orderStream.zip'), orderWorker: join(dir, 'out/orderWorker.zip') },
    atInit: loadedAtInit(api.metafile, join(dir, 'dist/lambda')).map((name) => `dist/lambda/${name}`)
  }
}

/** The DynamoDB commands a store module sends, read from its source: the IAM policy must allow exactly these. */
async function storeCommands (file: string): Promise<string[]> {
  const source = await readFile(file, 'utf8')
  return [...new Set([...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1]))].sort()
}

// lib-dynamodb's document commands and the IAM actions they need.
const IAM_ACTION: Record<string, string> = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', Scan: 'Scan', Query: 'Query' }

/** Every statement of a role the template defines. */
const statementsOf = (role: any): any[] => role.Properties.Policies.flatMap((policy: any) => policy.PolicyDocument.Statement)
/** The statements whose actions start with `service:`. */
const statementsFor = (role: any, service: string): any[] =>
  statementsOf(role).filter((statement: any) => [statement.Action ?? []].flat().some((action: string) => action.startsWith(`${service}:`)))

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
    OPENSEARCH_ENDPOINT: '',
    LOG_LEVEL: 'info',
    ENVIRONMENT: 'dev',
    SERVICE_NAME: 'items-api',
    CORS_ORIGINS: '',
    AUTH_ISSUER: '',
    AUTH_AUDIENCE: '',
    AUTH_JWKS_URL: '',
    AUTH_READS: 'false'
  }, 'the environment API.md names, and no DYNAMODB_ENDPOINT: AWS itself')
  t.equal(loadConfig(fn.Environment.Variables).auth, undefined, 'which the service reads as: no authentication')
  t.equal(resources.ApiLogGroup.Properties.RetentionInDays, 14, 'log retention')

  t.test('IAM: a role per function, each allowing only its own calls on its own resources', async (t) => {
    t.equal(resources.IamRoleLambdaExecution, undefined, 'no shared default role')
    const roles = { Api: 'ApiRole', OrderStream: 'OrderStreamRole', OrderWorker: 'OrderWorkerRole' }
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
    for (const [table, file] of [['ItemsTable', 'src/store/dynamodb-item-store.ts'], ['IdempotencyTable', 'src/store/idempotent-create.ts']]) {
      const statement = api.find((candidate: any) => candidate.Resource['Fn::GetAtt']?.[0] === table)
      t.same(statement?.Resource, { 'Fn::GetAtt': [table, 'Arn'] }, `${table}: on its ARN only`)
      t.same([...statement.Action].sort(), (await storeCommands(file)).map((command) => `dynamodb:${IAM_ACTION[command]}`).sort(),
        `${table}: exactly the commands ${file} sends`)
    }
    const orderCommands = (await storeCommands('src/store/dynamodb-order-store.ts')).map((command) => `dynamodb:${IAM_ACTION[command]}`)
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
    t.match(stream.at(-1), { 'Fn::If': ['HasSearch', { Action: Array }, { Ref: 'AWS::NoValue' }] }, 'OpenSearch only where the stage names a domain')
    t.same(template.Conditions.HasSearch, { 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] }, 'and dev names none')
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
    t.equal(loadConfig({ ...resources.OrderStreamLambdaFunction.Properties.Environment.Variables, ORDER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' }).ordersTableName,
      'items-api-dev-orders', 'the functions read the orders table serverless.yml makes')
    for (const fn of ['OrderStream', 'OrderWorker']) {
      t.match(resources[`${fn}LambdaFunction`].Properties, { Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 256 })
    }
  })

  t.test('each event-driven function\'s zip: its own bundle, and only what it uses', async (t) => {
    for (const [fn, folder] of [['orderStream', 'order-stream'], ['orderWorker', 'order-worker']] as const) {
      const entries = await zipEntries(zips[fn])
      const names = entries.map((entry) => entry.name)
      t.ok(names.every((name) => name.startsWith(`dist/functions/${folder}/`)), `${fn}: nothing but its own build`)
      t.ok(names.includes(`dist/functions/${folder}/index.mjs`), `${fn}: its entry`)
      t.notOk(names.some((name) => name.endsWith('.map') || name.includes('node_modules')), `${fn}: no map, no node_modules`)
      const code = entries.filter((entry) => entry.name.endsWith('.mjs')).reduce((sum, entry) => sum + entry.compressed, 0)
      t.comment(`${fn}: zip ${(await readFile(zips[fn])).length} bytes; code ${code} bytes compressed`)
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
    t.ok(names.some((name) => /^dist\/lambda\/lambda-app-\w+\.mjs$/.test(name)), 'the app\'s chunk')
    t.ok(names.some((name) => /^dist\/lambda\/docs\/\w+-swagger-ui-bundle\.js$/.test(name)), 'the recorded docs')
    const zipBytes = (await readFile(zip)).length
    const code = entries.filter((entry) => entry.name.endsWith('.mjs')).reduce((sum, entry) => sum + entry.compressed, 0)
    const initCode = entries.filter((entry) => atInit.includes(entry.name) && entry.name.endsWith('.mjs')).reduce((sum, entry) => sum + entry.compressed, 0)
    t.ok(zipBytes < 2 * MB, `the zip with the docs assets is under 2 MB (${zipBytes} bytes)`)
    t.ok(initCode < CODE_BUDGET_BYTES, `the code init loads is under its budget of ${CODE_BUDGET_BYTES / 1024} KiB compressed (${initCode} bytes)`)
    t.comment(`zip ${zipBytes} bytes; code ${code} bytes compressed, of which init loads ${initCode}`)
  })
})

t.test('the prod stage protects its data', async (t) => {
  const { template } = await packageStage(t, 'prod')
  const table = template.Resources.ItemsTable
  t.equal(table.Properties.TableName, 'items-api-prod-items')
  t.equal(table.Properties.DeletionProtectionEnabled, true)
  t.equal(table.DeletionPolicy, 'Retain')
  t.equal(table.UpdateReplacePolicy, 'Retain')
  t.equal(template.Resources.ApiLogGroup.Properties.RetentionInDays, 90)
  t.equal(template.Resources.ApiLambdaFunction.Properties.Environment.Variables.ENVIRONMENT, 'prod')
})

t.test('the HTTP API JWT authorizer, the alternative to checking tokens in the function alone', async (t) => {
  const auth = {
    authIssuer: 'https://issuer.example.com/',
    authAudience: 'items-api',
    authJwksUrl: 'https://issuer.example.com/.well-known/jwks.json'
  }
  const { template } = await packageStage(t, 'dev', { ...auth, gatewayAuthorizer: 'jwt' })
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
  const environment = template.Resources.ApiLambdaFunction.Properties.Environment.Variables
  const config = loadConfig({ ...environment, LOG_LEVEL: 'silent' })
  t.same(config.auth, { issuer: auth.authIssuer, audience: auth.authAudience, jwksUrl: auth.authJwksUrl, reads: false },
    'the function still checks the token itself, with the same settings')
  const app = buildApp(config)
  t.teardown(() => app.close())
  const document = (await app.inject('/openapi.json')).json()
  const protectedOperations = Object.entries(document.paths as Record<string, Record<string, { security: unknown[] }>>)
    .flatMap(([path, operations]) => Object.entries(operations)
      .filter(([, operation]) => operation.security.length > 0)
      .map(([method]) => `${method.toUpperCase()} ${path}`))
  t.same(protectedOperations.sort(), [
    'DELETE /items/{id}', 'DELETE /orders/{order_id}', 'POST /items', 'POST /orders', 'POST /orders/{order_id}/cancel', 'PUT /items/{id}'
  ], 'the writes')

  const authorizerRef = `JWT ${Object.keys(resources).find((id) => resources[id] === authorizer)}`
  t.same(httpApiRoutes(resources), {
    ...Object.fromEntries(protectedOperations.map((operation) => [operation, authorizerRef])),
    $default: 'NONE'
  }, 'exactly the protected operations go through the authorizer; reads, preflights, docs and /health do not')
})

t.test('a runtime pinned by hand, for a compile cache built for its Node', async (t) => {
  const arn = 'arn:aws:lambda:us-east-1::runtime:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
  const { template } = await packageStage(t, 'dev', { runtimeUpdates: 'manual', runtimeVersionArn: arn })
  t.same(template.Resources.ApiLambdaFunction.Properties.RuntimeManagementConfig, { UpdateRuntimeOn: 'Manual', RuntimeVersionArn: arn })
})
