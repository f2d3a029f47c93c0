// Reading the CloudFormation template `serverless package` makes: roles' statements, resources by type, routes, and
// the commands the store modules send (which the roles must allow exactly).
import { readFile } from 'node:fs/promises'
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'
import type { Test } from 'tap'

/** The DynamoDB commands a store module sends, read from its source: the IAM policy must allow exactly these. */
/** The commands the files send (`new …Command(`), sorted. */
export async function storeCommands (...files: string[]): Promise<string[]> {
  const sources = await Promise.all(files.map(async (path) => await readFile(path, 'utf8')))
  return [...new Set(sources.flatMap((source) => [...source.matchAll(/new (\w+)Command\(/g)].map((match) => match[1])))].sort()
}

/** Where the DynamoDB stores' new records are put (putNew). */
export const CONDITIONAL_WRITES = 'src/adapters/dynamodb/conditional-write.ts'

// lib-dynamodb's document commands and the IAM actions they need.
export const IAM_ACTION: Record<string, string> = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', Scan: 'Scan', Query: 'Query' }

/** Every statement of a role the template defines. */
export const statementsOf = (role: any): any[] => role.Properties.Policies.flatMap((policy: any) => policy.PolicyDocument.Statement)
/** The statements whose actions start with `service:`. */
export const statementsFor = (role: any, service: string): any[] =>
  statementsOf(role).filter((statement: any) => [statement.Action ?? []].flat().some((action: string) => action.startsWith(`${service}:`)))

/* eslint-disable no-template-curly-in-string -- CloudFormation's Fn::Sub, not JavaScript's */
/** The buckets' names: the stack, the account and the region, resolved by CloudFormation. */
export const BUCKET_NAME = {
  images: '${AWS::StackName}-images-${AWS::AccountId}-${AWS::Region}',
  reports: '${AWS::StackName}-reports-${AWS::AccountId}-${AWS::Region}'
}
export const bucketArn = (bucket: keyof typeof BUCKET_NAME, path = ''): { 'Fn::Sub': string } => ({ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${BUCKET_NAME[bucket]}${path}` })

/** A function's environment as CloudFormation resolves it, for a stack items-api-dev in account 123456789012. */
export function resolvedEnvironment (variables: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string'
    ? value
    : String((value as { 'Fn::Sub': string })['Fn::Sub']).replace('${AWS::StackName}', 'items-api-dev').replace('${AWS::AccountId}', '123456789012').replace('${AWS::Region}', 'us-east-1')]))
}

/** The API's CURSOR_SECRET: the stack's generated secret, resolved by CloudFormation at deploy time. */
export const CURSOR_SECRET_REFERENCE = '{{resolve:secretsmanager:${CursorSecret}:SecretString}}'

/* eslint-enable no-template-curly-in-string */

/** The statements a role has only under `condition`: each Fn::If's first branch. */
export const conditionedStatements = (role: any, condition: string): any[] =>
  statementsOf(role).filter((statement: any) => statement['Fn::If']?.[0] === condition).map((statement: any) => statement['Fn::If'][1])

/**
 * The requests each OpenSearch client call of src/adapters/opensearch/open-search-client.ts sends: the IAM action its method needs,
 * and its path under the index (the index itself, or its documents).
 */
export const OPENSEARCH_REQUEST: Record<string, [string, string]> = {
  'indices.exists': ['es:ESHttpHead', ''],
  'indices.create': ['es:ESHttpPut', ''],
  index: ['es:ESHttpPut', '/_doc/*'],
  delete: ['es:ESHttpDelete', '/_doc/*'],
  search: ['es:ESHttpPost', '/_search']
}

/** Every `pattern` match's first group in a source file, once each, sorted. */
export async function callsIn (file: string, pattern: RegExp): Promise<string[]> {
  return [...new Set([...(await readFile(file, 'utf8')).matchAll(pattern)].map((match) => match[1]))].sort()
}

/** The S3 statements of a role, as [actions, resource]. */
export const s3Statements = (role: any): Array<[string[], unknown]> => statementsFor(role, 's3').map((statement) => [[...statement.Action].sort(), statement.Resource])

export function ofType (resources: Record<string, any>, type: string): any[] {
  return Object.values(resources).filter((resource) => resource.Type === type)
}

/** Each HTTP API route key and how it is authorized: NONE, or JWT with the authorizer's logical id. */
export function httpApiRoutes (resources: Record<string, any>): Record<string, string> {
  return Object.fromEntries(ofType(resources, 'AWS::ApiGatewayV2::Route').map(({ Properties: route }) =>
    [route.RouteKey, route.AuthorizationType === undefined ? 'NONE' : `${route.AuthorizationType} ${route.AuthorizerId.Ref}`]))
}

/** The template's table has the name, key schema and billing of the store's own definition. */
export function assertDefinedAs (t: Test, table: { Properties: Record<string, unknown> }, definition: CreateTableCommandInput): void {
  t.equal(table.Properties.TableName, definition.TableName)
  t.same(table.Properties.KeySchema, definition.KeySchema)
  t.same(table.Properties.AttributeDefinitions, definition.AttributeDefinitions)
  t.equal(table.Properties.BillingMode, definition.BillingMode)
}
