// npm run package offline: the CloudFormation template and the zips serverless.yml produces, read and checked; the
// dev stage's roles, resources and zips in dev-stage-*.ts.
import { once } from 'node:events'
import t from 'tap'
import { buildApp } from '../../../../src/app.ts'
import { apiSettings, orderStreamSettings, thumbnailSettings } from '../../../../src/platforms/aws/settings.ts'
import { testDependencies } from '../../../helper.ts'
import { resourceChecks } from './dev-stage-resources.ts'
import { roleChecks } from './dev-stage-roles.ts'
import { zipChecks } from './dev-stage-zips.ts'
import { packageStage, runChecks } from './packaged.ts'
import { serverless, serviceCopy } from './service-copy.ts'
import {
  BUCKET_NAME, callsIn, conditionedStatements, CURSOR_SECRET_REFERENCE, httpApiRoutes, ofType, OPENSEARCH_REQUEST, resolvedEnvironment
} from './template-reading.ts'

t.test('the dev stage', async (t) => {
  // With the compile cache where the runtime's Node can run here (.ci/run makes sure it can).
  const packaged = await packageStage(t, 'dev', {}, true)
  const { template } = packaged
  const resources = template.Resources
  const fn = resources.ApiLambdaFunction.Properties
  t.same(fn.RuntimeManagementConfig, { UpdateRuntimeOn: 'FunctionUpdate' }, 'Node changes only with a deploy, which ships a new compile cache')

  t.equal(fn.Runtime, 'nodejs24.x')
  t.same(fn.Architectures, ['arm64'])
  t.same(ofType(resources, 'AWS::Lambda::Alias'), [], 'no provisioned concurrency unless the stage asks for it')
  t.equal(fn.Handler, 'dist/lambda/index.handler')
  t.same(fn.MemorySize, { 'Fn::If': ['OnManagedInstances', 2048, 512] }, '512 MB on demand (2 GB on Managed Instances)')
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
  }, 'the environment docs/configuration.md names, and no DYNAMODB_ENDPOINT: AWS itself')
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
  t.same(template.Conditions.OnManagedInstances, { 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] }, 'on-demand Lambda: no capacity provider')

  // Each function is given what its settings read and nothing else (src/platforms/aws/settings.ts).
  const variables = (fn: string): string[] => Object.keys(resources[`${fn}LambdaFunction`].Properties.Environment.Variables).sort()
  const everyFunction = ['ENVIRONMENT', 'LOG_LEVEL', 'SERVICE_NAME']
  const own = {
    OrderStream: ['ORDER_QUEUE_URL', 'OPENSEARCH_ENDPOINT', 'OPENSEARCH_INDEX'],
    OrderWorker: ['DYNAMODB_ORDERS_TABLE_NAME'],
    DailyReport: ['DYNAMODB_ORDERS_TABLE_NAME', 'REPORTS_BUCKET'],
    Thumbnails: ['DYNAMODB_TABLE_NAME', 'IMAGES_BUCKET']
  }
  for (const [fn, names] of Object.entries(own)) t.same(variables(fn), [...everyFunction, ...names].sort(), `${fn}: its own settings only`)
  t.match(thumbnailSettings(resolvedEnvironment(resources.ThumbnailsLambdaFunction.Properties.Environment.Variables)),
    { tableName: 'items-api-dev-items', imagesBucket: 'items-api-dev-images-123456789012-us-east-1' }, 'thumbnails: the items table and the images bucket')

  runChecks(t, { ...roleChecks, ...resourceChecks, ...zipChecks }, packaged)
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
    thumbnailsConcurrency: '25',
    managedInstancesSubnets: 'subnet-a,subnet-b,subnet-c',
    managedInstancesSecurityGroups: 'sg-1'
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
    t.match(orderStreamSettings({ ...streamEnvironment, ORDER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' }).openSearch, { index: 'orders-prod' },
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

  t.test('the API on Managed Instances: a capacity provider in the stage\'s subnets, 2 GB per execution environment', async (t) => {
    const resources = template.Resources
    t.same(template.Conditions.OnManagedInstances, { 'Fn::Not': [{ 'Fn::Equals': ['subnet-a,subnet-b,subnet-c', ''] }] })
    t.match(resources.ApiCapacityProvider, {
      Type: 'AWS::Lambda::CapacityProvider',
      Condition: 'OnManagedInstances',
      Properties: {
        VpcConfig: { SubnetIds: { 'Fn::Split': [',', 'subnet-a,subnet-b,subnet-c'] }, SecurityGroupIds: { 'Fn::Split': [',', 'sg-1'] } },
        PermissionsConfig: { CapacityProviderOperatorRoleArn: { 'Fn::GetAtt': ['ApiCapacityProviderOperatorRole', 'Arn'] } },
        InstanceRequirements: { Architectures: ['arm64'] },
        CapacityProviderScalingConfig: { ScalingMode: 'Auto', MaxVCpuCount: 12 }
      }
    })
    t.match(resources.ApiCapacityProviderOperatorRole.Properties.ManagedPolicyArns, [{ 'Fn::Sub': /AWSLambdaManagedEC2ResourceOperator$/ }])
    const api = resources.ApiLambdaFunction.Properties
    t.same(api.MemorySize, { 'Fn::If': ['OnManagedInstances', 2048, 512] }, 'the 2 GB Lambda asks of an execution environment at least')
    t.same(api.CapacityProviderConfig, {
      'Fn::If': ['OnManagedInstances', {
        LambdaManagedInstancesCapacityProviderConfig: {
          CapacityProviderArn: { 'Fn::GetAtt': ['ApiCapacityProvider', 'Arn'] }, PerExecutionEnvironmentMaxConcurrency: 64, ExecutionEnvironmentMemoryGiBPerVCpu: 2
        }
      }, { Ref: 'AWS::NoValue' }]
    })
    t.same(api.Runtime, 'nodejs24.x', 'a Node that Managed Instances run (22 or later)')
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
  // With provisioned concurrency too: one package run for both.
  const { template } = await packageStage(t, 'dev', { ...auth, gatewayAuthorizer: 'jwt', corsOrigins: origins, apiProvisionedConcurrency: '5' })
  const resources = template.Resources

  const [alias, ...moreAliases] = ofType(resources, 'AWS::Lambda::Alias')
  t.equal(moreAliases.length, 0, 'one alias: the API\'s')
  t.match(alias.Properties, { FunctionName: { Ref: 'ApiLambdaFunction' }, Name: 'provisioned', ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 5 } },
    'apiProvisionedConcurrency: five environments kept initialised')
  for (const integration of ofType(resources, 'AWS::ApiGatewayV2::Integration')) {
    t.same(integration.Properties.IntegrationUri, { 'Fn::Join': [':', [{ 'Fn::GetAtt': ['ApiLambdaFunction', 'Arn'] }, 'provisioned']] },
      'the HTTP API calls the alias, so requests land on the initialised environments')
  }

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
  const service = JSON.parse(withoutKeys.output.slice(withoutKeys.output.indexOf('{')))
  const environment = { ...service.provider.environment, ...service.functions.api.environment }
  t.match(environment, { AUTH_ISSUER: 'https://issuer.example.com/', AUTH_AUDIENCE: 'items-api', AUTH_JWKS_URL: '' }, '…and reach the function as its AUTH_ settings')
  t.throws(() => apiSettings(resolvedEnvironment(environment)), { name: 'ConfigError', variable: 'AUTH_JWKS_URL' }, '…which refuses to start without the key set: never open behind the authorizer')
})
