// npm run package offline: the CloudFormation template and the zip serverless.yml produces, read and checked.
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'
import t, { type Test } from 'tap'
import yauzl from 'yauzl'
import { IDEMPOTENCY_EXPIRES_AT, idempotencyTableDefinition, itemsTableDefinition } from '../../src/store/table-definition.ts'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { lambdaRuntimeNode } from '../../scripts/compile-cache.ts'
import { NO_NETWORK_NAMESPACE, serverless, serviceCopy } from './service-copy.ts'

const MB = 1024 * 1024
// The Lambda function's JavaScript, compressed: what its cold start reads and compiles (README, Performance).
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
async function packageStage (t: Test, stage: string, params: Record<string, string> = {}, compileCache = false): Promise<{ template: any, zip: string }> {
  const dir = await serviceCopy(t, { compileCache })
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
    zip: join(dir, 'out/items-api.zip')
  }
}

/** The DynamoDB commands a store module sends, read from its source: the IAM policy must allow exactly these. */
async function storeCommands (file: string): Promise<string[]> {
  const source = await readFile(file, 'utf8')
  return [...new Set([...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1]))].sort()
}

// lib-dynamodb's document commands and the IAM actions they need.
const IAM_ACTION: Record<string, string> = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', Scan: 'Scan' }

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
  const { template, zip } = await packageStage(t, 'dev', {}, true)
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

  t.test('IAM: the store\'s own actions on its tables, nothing wider', async (t) => {
    const statements = resources.IamRoleLambdaExecution.Properties.Policies.flatMap((policy: any) => policy.PolicyDocument.Statement)
    for (const statement of statements) {
      const actions = [statement.Action].flat()
      t.notOk(actions.some((action: string) => action === '*' || action.endsWith(':*')), `no wildcard action in ${actions.join(', ')}`)
      t.notOk([statement.Resource].flat().includes('*'), 'no "*" resource')
    }
    const dynamo = statements.filter((statement: any) => [statement.Action].flat().some((action: string) => action.startsWith('dynamodb:')))
    t.equal(dynamo.length, 2, 'one DynamoDB statement per table')
    for (const [table, file] of [['ItemsTable', 'src/store/dynamodb-item-store.ts'], ['IdempotencyTable', 'src/store/idempotent-create.ts']]) {
      const statement = dynamo.find((candidate: any) => candidate.Resource['Fn::GetAtt']?.[0] === table)
      t.same(statement?.Resource, { 'Fn::GetAtt': [table, 'Arn'] }, `${table}: on its ARN only`)
      t.same([...statement.Action].sort(), (await storeCommands(file)).map((command) => `dynamodb:${IAM_ACTION[command]}`).sort(),
        `${table}: exactly the commands ${file} sends`)
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
    t.ok(zipBytes < 2 * MB, `the zip with the docs assets is under 2 MB (${zipBytes} bytes)`)
    t.ok(code < CODE_BUDGET_BYTES, `the code is under its budget of ${CODE_BUDGET_BYTES / 1024} KiB compressed (${code} bytes)`)
    t.comment(`zip ${zipBytes} bytes; code ${code} bytes compressed`)
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
  t.same(protectedOperations.sort(), ['DELETE /items/{id}', 'POST /items', 'PUT /items/{id}'], 'the writes')

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
