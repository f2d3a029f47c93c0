// The dev stage's roles: one per function, each allowing only its own calls on its own resources.
import { CUSTOMER_INDEX, DATE_INDEX } from '../../../../src/adapters/dynamodb/table-definitions.ts'
import {
  bucketArn, CONDITIONAL_WRITES, IAM_ACTION, s3Statements, statementsFor, statementsOf, storeCommands
} from './template-reading.ts'
import type { Checks } from './packaged.ts'

export const roleChecks: Checks = {
  'IAM: a role per function, each allowing only its own calls on its own resources': async (t, { template }) => {
    const resources = template.Resources
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

    // S3: the commands src/adapters/s3/s3-blob-store.ts sends, each where the function needs it.
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
  }
}
