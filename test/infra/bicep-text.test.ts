// The Bicep text reader and the template's model on small templates: what they read, and the errors that keep a
// template they cannot read, or a role they cannot describe, from passing unnoticed.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { AzureTemplate } from './azure-template.ts'
import { readBicep } from './bicep-text.ts'

const file = (dir: string, name: string, text: string): string => {
  mkdirSync(join(dir, name, '..'), { recursive: true })
  writeFileSync(join(dir, name), text)
  return join(dir, name)
}

t.test('declarations, literals, interpolations and expressions', async (t) => {
  const dir = t.testdir()
  const declarations = readBicep(file(dir, 'a.bicep', `/* a block
comment */ targetScope = 'subscription'
@description('the name')
@minLength(1)
param name string = 'it\\'s'
param count int
var label = 'a-\${name}-\${toLower('X')}\\n'
var settings = { a: -1, b: null, c: true, 'd-e': [ 1, 'two' ], f: length(name) > 1 ? 'x' : 'y' }
func id(value string) string => value
resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: name
}
resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in [ 'a' ]: { name: queue }]
module app 'app/x.bicep' = if (count > 0 && !empty(name)) {
  name: 'app'
}
output n string = label
`))
  t.match(declarations, [
    { keyword: 'targetScope', value: 'subscription' },
    { keyword: 'param', name: 'name', type: 'string', value: "it's" },
    { keyword: 'param', name: 'count', type: 'int', value: undefined },
    { keyword: 'var', name: 'label', value: { parts: ['a-', { expression: 'name' }, '-', { expression: "toLower('X')" }, '\n'] } },
    { keyword: 'var', name: 'settings', value: { a: -1, b: null, c: true, 'd-e': [1, 'two'], f: { expression: "length(name) > 1 ? 'x' : 'y'" } } },
    { keyword: 'resource', name: 'account', type: 'Microsoft.Storage/storageAccounts', existing: true, value: { name: { expression: 'name' } } },
    { keyword: 'resource', name: 'queues', existing: false, value: { expression: "[for queue in [ 'a' ]: { name: queue }]" } },
    { keyword: 'module', name: 'app', type: 'app/x.bicep', condition: 'count > 0 && !empty(name)', value: { name: 'app' } },
    { keyword: 'output', name: 'n', type: 'string', value: { expression: 'label' } }
  ])
  t.equal(declarations.length, 9, 'func is not read')
})

t.test('what it cannot read is an error, not a guess', async (t) => {
  const dir = t.testdir()
  t.throws(() => readBicep(file(dir, 'pragma.bicep', '#disable-next-line no-unused-params\nparam a string\n')), { message: 'unexpected "#" at 0' })
  t.throws(() => readBicep(file(dir, 'string.bicep', "var a = 'open\n")), { message: 'unterminated string at 8' })
  t.throws(() => readBicep(file(dir, 'equals.bicep', 'var a : 1\n')), { message: 'expected =, found ":" at 6' })
  t.throws(() => readBicep(file(dir, 'end.bicep', 'var a = {\n')), { message: 'unexpected end of file' })
})

/** A main.bicep calling one module, `app/m.bicep`, with `params`. */
function template (dir: string, params: string, module: string): AzureTemplate {
  file(dir, 'infra/app/m.bicep', module)
  return new AzureTemplate(file(dir, 'infra/main.bicep', `var db = 'items'\nmodule m 'app/m.bicep' = {\n  name: 'm'\n  params: {\n${params}\n  }\n}\n`))
}

const assignment = (scope: string, role: string, principal: string): string => `
resource grant 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: 'g'
  scope: ${scope}
  properties: { roleDefinitionId: ${role}, principalId: ${principal} }
}
`

t.test('a role the table cannot describe is an error', async (t) => {
  const account = "resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = { name: 'a' }\n"
  const insights = "resource insights 'Microsoft.Insights/components@2020-02-02' existing = { name: 'i' }\n"
  const known = "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')"
  t.throws(() => template(t.testdir(), 'principalId: functionApp.outputs.principalId', account + assignment('account', known, 'principalId')).grants(),
    { message: 'a role on Microsoft.DocumentDB/databaseAccounts, which the table does not name' })
  t.throws(() => template(t.testdir(), 'principalId: deployer().objectId', insights + assignment('insights', known, 'principalId')).grants(),
    { message: 'a role held by deployer().objectId, which the table does not name' })
  t.throws(() => template(t.testdir(), 'principalId: functionApp.outputs.principalId', insights + assignment('insights', 'roleId(reader)', 'principalId')).grants(),
    { message: 'no role id in roleId(reader)' })
  t.throws(() => template(t.testdir(), 'principalId: functionApp.outputs.principalId', assignment('nowhere', known, 'principalId')).grants(),
    { message: /^grant: no resource nowhere in / })
  const created = insights.replace(' existing', '')
  const twice = template(t.testdir(), '', created + created.replace('insights', 'other'))
  t.throws(() => twice.one('Microsoft.Insights/components'), { message: '2 resources of Microsoft.Insights/components' })
})

t.test('roles on Cosmos DB\'s data plane: on a database, or on the account', async (t) => {
  const sql = (scope: string): string => `
var roles = { contributor: '00000000-0000-0000-0000-000000000002' }
resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = { name: 'a' }
resource grant 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmos
  name: 'g'
  properties: { roleDefinitionId: '\${cosmos.id}/sqlRoleDefinitions/\${roles.contributor}', principalId: principalId, scope: ${scope} }
}
`
  const params = 'principalId: functionApp.outputs.principalId\n    database: db'
  // eslint-disable-next-line no-template-curly-in-string -- Bicep's interpolation, in Bicep's text
  t.same(template(t.testdir(), params, sql("'${cosmos.id}/dbs/${database}'")).grants(),
    [{ id: '00000000-0000-0000-0000-000000000002', on: 'database items', to: 'function app' }])
  t.same(template(t.testdir(), params, sql('cosmos.id')).grants(),
    [{ id: '00000000-0000-0000-0000-000000000002', on: 'Cosmos DB account', to: 'function app' }])
})
