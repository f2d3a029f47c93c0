// The dev stage's resources: limits, buckets, schedules, tables, the pipeline's queues and mappings, routes.
import {
  IDEMPOTENCY_EXPIRES_AT, idempotencyTableDefinition, itemsTableDefinition, ordersTableDefinition
} from '../../../../src/adapters/dynamodb/table-definitions.ts'
import { orderStreamSettings, orderWorkerSettings, reportSettings } from '../../../../src/platforms/aws/settings.ts'
import { assertDefinedAs, BUCKET_NAME, bucketArn, httpApiRoutes, ofType, resolvedEnvironment } from './template-reading.ts'
import type { Checks } from './packaged.ts'

export const resourceChecks: Checks = {
  'limits: every HTTP API route throttled on the stage, the thumbnail function\'s concurrency reserved': async (t, { template }) => {
    const resources = template.Resources
    const [stage, ...others] = ofType(resources, 'AWS::ApiGatewayV2::Stage')
    t.equal(others.length, 0, 'one stage')
    t.match(stage.Properties, { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true })
    t.same(stage.Properties.DefaultRouteSettings, { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }, '100 requests a second, bursts of 200')
    t.equal(resources.ThumbnailsLambdaFunction.Properties.ReservedConcurrentExecutions, 10, 'thumbnails: 10 at once, reserved')
    for (const fn of ['Api', 'OrderStream', 'OrderWorker', 'DailyReport']) {
      t.equal(resources[`${fn}LambdaFunction`].Properties.ReservedConcurrentExecutions, undefined, `${fn}: none, as serverless.yml explains`)
    }
  },

  'the buckets: private, versioned, encrypted, TLS only; uploads/ notifies the thumbnail function': async (t, { template }) => {
    const resources = template.Resources
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
  },

  'the daily report on its schedule and the thumbnail function: asynchronous, retried twice, then their destination': async (t, { template }) => {
    const resources = template.Resources
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
    t.match(reportSettings(resolvedEnvironment(resources.DailyReportLambdaFunction.Properties.Environment.Variables)),
      { ordersTableName: 'items-api-dev-orders', reportsBucket: 'items-api-dev-reports-123456789012-us-east-1' }, 'the report reads the orders table and writes the reports bucket')
  },

  'the orders table: the store\'s definition with both indexes, its stream, point-in-time recovery': async (t, { template }) => {
    const resources = template.Resources
    const table = resources.OrdersTable
    const definition = ordersTableDefinition('items-api-dev-orders', { stream: true })
    assertDefinedAs(t, table, definition)
    t.same(table.Properties.GlobalSecondaryIndexes, definition.GlobalSecondaryIndexes, 'the customer and date indexes, as the store queries them')
    t.same(table.Properties.StreamSpecification, { StreamViewType: 'NEW_AND_OLD_IMAGES' })
    t.same(table.Properties.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true })
  },

  'the pipeline: the queue, its dead-letter queue, and both event source mappings as docs/orders-and-pipeline.md says': async (t, { template }) => {
    const resources = template.Resources
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
    const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/items-api-dev-orders'
    t.match(orderStreamSettings({ ...resolvedEnvironment(resources.OrderStreamLambdaFunction.Properties.Environment.Variables), ORDER_QUEUE_URL: queueUrl }),
      { orderQueueUrl: queueUrl, openSearch: undefined }, 'the consumer sends to the queue, and dev has no search domain')
    t.equal(orderWorkerSettings(resolvedEnvironment(resources.OrderWorkerLambdaFunction.Properties.Environment.Variables)).ordersTableName,
      'items-api-dev-orders', 'the worker reads the orders table serverless.yml makes')
    for (const fn of ['OrderStream', 'OrderWorker']) {
      t.match(resources[`${fn}LambdaFunction`].Properties, { Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 256 })
    }
  },

  'the table: the store\'s key schema, on demand, point-in-time recovery': async (t, { template }) => {
    const resources = template.Resources
    const table = resources.ItemsTable
    assertDefinedAs(t, table, itemsTableDefinition('items-api-dev-items'))
    t.same(table.Properties.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true })
    t.equal(table.Properties.DeletionProtectionEnabled, false, 'dev can be removed')
    t.equal(table.DeletionPolicy, 'Delete')
  },

  'the idempotency table: its key schema, on demand, records expired by TTL': async (t, { template }) => {
    const resources = template.Resources
    const table = resources.IdempotencyTable
    assertDefinedAs(t, table, idempotencyTableDefinition('items-api-dev-idempotency'))
    t.same(table.Properties.TimeToLiveSpecification, { AttributeName: IDEMPOTENCY_EXPIRES_AT, Enabled: true })
  },

  'one catch-all HTTP API route, no authorizer, and the outputs': async (t, { template }) => {
    const resources = template.Resources
    t.same(httpApiRoutes(resources), { $default: 'NONE' })
    t.same(ofType(resources, 'AWS::ApiGatewayV2::Authorizer'), [])
    t.ok(template.Outputs.HttpApiUrl, 'the API URL')
    t.same(template.Outputs.ItemsTableName.Value, { Ref: 'ItemsTable' }, 'the table name')
  }
}
