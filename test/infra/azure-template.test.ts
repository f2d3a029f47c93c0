// The Azure template (infra/, azure.yaml) held against the code: every setting the code and its triggers read is set,
// every trigger's queue, container, database and subscription exists, and the roles granted are exactly those that the
// code paths need, as docs/azure.md's table of roles gives them. The Bicep is read as text (bicep-text.ts).
import { existsSync, readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { parse } from 'yaml'
import * as storageClients from '../../src/adapters/azure-storage/storage-clients.ts'
import { cosmosContainers } from '../../src/adapters/cosmos/cosmos-containers.ts'
import { ConfigError, type Env } from '../../src/config.ts'
import { azureApiSettings, cosmosSettings, eventFunctionSettings } from '../../src/platforms/azure/azure-settings.ts'
import { storageSettings } from '../../src/platforms/azure/azure-storage-settings.ts'
import { AzureTemplate, type Grant } from './azure-template.ts'

const template = new AzureTemplate()
const settings = template.appSettings()
const ENTRIES = ['api-trigger.ts', 'order-queue-trigger.ts', 'order-changes-trigger.ts', 'thumbnails-trigger.ts', 'daily-report-trigger.ts']
// Values for the settings that only a deployment fills in (an account's name or endpoint, the secret), valid for the
// code, so that it runs on the template's environment.
const DEPLOYED: Env = {
  CURSOR_SECRET: 'a-cursor-secret-of-thirty-two-characters',
  COSMOS_ENDPOINT: 'https://items.documents.azure.com',
  STORAGE_ACCOUNT_NAME: 'itemsapi',
  CORS_ORIGINS: ''
}

/** Every variable `read` reads of its environment, given a valid value for each it requires. */
function variablesRead (read: (env: Env) => unknown, values: Env = {}): Set<string> {
  const variables = new Set<string>()
  for (;;) {
    const env = new Proxy({ ...values }, {
      get: (target, name) => {
        if (typeof name === 'string') variables.add(name)
        return Reflect.get(target, name)
      }
    })
    try {
      read(env)
      return variables
    } catch (error) {
      if (!(error instanceof ConfigError) || values[error.variable] !== undefined) throw error
      values = { ...values, [error.variable]: DEPLOYED[error.variable] }
    }
  }
}

/** The function app's environment as the template sets it, with what only a deployment knows filled in. */
const appEnv: Env = Object.fromEntries([...settings].map(([name, { text }]) => [name, text ?? DEPLOYED[name] ?? 'set at deployment']))

/** What each entry registers with the library's app, and which queues and containers it opens (loaded once). */
async function loadEntries (t: Test) {
  const registered: Array<{ kind: string, name: string, options: Record<string, unknown> }> = []
  const opened: Array<{ kind: 'queue' | 'container', name: string }> = []
  /** The containers the code signs URLs for: with a user delegation key, asked of the account. */
  const signed: string[] = []
  class RecordedSignedLinks {
    constructor (_service: unknown, container: string) {
      opened.push({ kind: 'container', name: container })
      signed.push(container)
    }
  }
  const app = new Proxy({}, { get: (_target, kind: string) => kind === 'setup' ? () => {} : (name: string, options: Record<string, unknown>) => registered.push({ kind, name, options }) })
  const clients = {
    ...storageClients,
    createQueueClient: (access: storageClients.StorageAccess, name: string) => {
      opened.push({ kind: 'queue', name })
      return storageClients.createQueueClient(access, name)
    },
    createBlobContainerClient: (access: storageClients.StorageAccess, name: string) => {
      opened.push({ kind: 'container', name })
      return storageClients.createBlobContainerClient(access, name)
    }
  }
  const saved = { ...process.env }
  t.teardown(() => { process.env = saved })
  process.env = { ...saved, ...appEnv }
  for (const entry of ENTRIES) {
    await t.mockImport(`../../src/platforms/azure/functions/${entry}`, {
      '@azure/functions': { default: { app } },
      '../../src/adapters/azure-storage/storage-clients.ts': clients,
      '../../src/adapters/azure-storage/azure-signed-links.ts': { AzureSignedLinks: RecordedSignedLinks }
    })
  }
  return { registered, opened, signed }
}

const entries = loadEntries(t)

const names = (type: string): string[] => template.created(type).map((resource) => resource.label!)
const queues = (): string[] => names('Microsoft.Storage/storageAccounts/queueServices/queues')
const containers = (): string[] => names('Microsoft.Storage/storageAccounts/blobServices/containers')
const cosmosContainersCreated = () => template.created('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers')
const byRole = (a: Grant, b: Grant): number => `${a.on} ${a.id} ${a.to}`.localeCompare(`${b.on} ${b.id} ${b.to}`)

t.test('the function app: Flex Consumption, Node 22, the identity, and the package azd deploys as built', async (t) => {
  const site = template.one('Microsoft.Web/sites')
  t.match(site.body, { kind: 'functionapp,linux', identity: { type: 'SystemAssigned' } })
  t.match(template.one('Microsoft.Web/serverfarms').body, { sku: { name: 'FC1', tier: 'FlexConsumption' } })
  t.match(site.body.properties, {
    functionAppConfig: { runtime: { name: 'node', version: '22' }, deployment: { storage: { type: 'blobContainer', authentication: { type: 'SystemAssignedIdentity' } } } }
  })
  t.notOk(settings.has('FUNCTIONS_WORKER_RUNTIME'), 'Flex Consumption takes the runtime from functionAppConfig and refuses this setting')

  const azd = parse(readFileSync('azure.yaml', 'utf8')) as { services: Record<string, Record<string, unknown>>, hooks: { postdeploy: { posix: { run: string } } } }
  t.same(Object.keys(azd.services), ['api'])
  t.match(azd.services.api, { project: '.', language: 'js', host: 'function', dist: 'dist/azure', remoteBuild: false })
  t.match(site.body.tags, { expression: /'azd-service-name': 'api'/ }, 'azd finds the app by its service\'s name')
  t.type((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.build, 'string', 'azd runs npm run build')

  const parameters = (JSON.parse(readFileSync('infra/main.parameters.json', 'utf8')) as { parameters: Record<string, { value: string }> }).parameters
  const params = template.files.get('infra/main.bicep')!.filter((d) => d.keyword === 'param')
  t.same(Object.keys(parameters).filter((name) => !params.some((param) => param.name === name)), [], 'each value is a parameter of main.bicep')
  t.match(parameters.subscribeThumbnails.value, /^\$\{THUMBNAILS_SUBSCRIPTION=false\}$/)
  t.match(azd.hooks.postdeploy.posix.run, /azd env set THUMBNAILS_SUBSCRIPTION true && azd provision/)
  for (const param of params.filter((param) => param.value === undefined)) t.ok(parameters[param.name], `${param.name} comes from the azd environment`)
})

t.test('every setting the code reads on Azure is set, but the keys, which both accounts refuse', async (t) => {
  const read = new Set([...variablesRead(azureApiSettings), ...variablesRead(eventFunctionSettings)])
  const keys = ['COSMOS_KEY', 'STORAGE_CONNECTION_STRING']
  t.same([...read].filter((variable) => !keys.includes(variable) && !settings.has(variable)), [], 'every other variable the code reads is set')
  t.same(keys.filter((key) => !read.has(key)), [], 'the code reads both keys')
  t.same(keys.filter((key) => settings.has(key)), [], 'no key is set: the managed identity signs in')
  t.match(template.one('Microsoft.Storage/storageAccounts').body.properties, { allowSharedKeyAccess: false })
  t.match(template.one('Microsoft.DocumentDB/databaseAccounts').body.properties, { disableLocalAuth: true, capabilities: [{ name: 'EnableServerless' }] })
  t.match(template.one('Microsoft.Insights/components').body.properties, { DisableLocalAuth: true })
  t.equal(settings.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')?.text, 'Authorization=AAD')
  t.same(Object.entries(DEPLOYED).filter(([name]) => settings.get(name)?.text !== undefined), [], 'only what a deployment knows is filled in')
  // The code accepts the template's values.
  t.match(azureApiSettings(appEnv), { environment: 'prod', corsOrigins: [], auth: undefined, cosmos: { key: undefined }, storage: { connectionString: undefined } })
})

t.test('each trigger\'s settings, connections, queue, containers, schedule and subscription exist', async (t) => {
  const { registered } = await entries
  t.same(registered.map(({ kind, name }) => `${kind} ${name}`).sort(),
    ['cosmosDB orderChanges', 'eventGrid thumbnails', 'http api', 'storageQueue orderWorker', 'timer dailyReport'])
  for (const { name, options } of registered) {
    for (const [, variable] of JSON.stringify(options).matchAll(/%(\w+)%/g)) t.ok(settings.has(variable), `${name}: %${variable}% is set`)
    const connection = options.connection as string | undefined
    if (connection === undefined) continue
    t.notOk(settings.has(connection), `${name}: no connection string in ${connection}`)
    // Where the account is (accountName, accountEndpoint, serviceUri…); credential and clientId say only who signs in.
    const account = [...settings.keys()].filter((setting) => setting.startsWith(`${connection}__`) && !/__(credential|clientId)$/.test(setting))
    t.equal(account.length, 1, `${name}: ${connection}__ names the account, reached with the identity`)
    t.equal(settings.get(`${connection}__credential`)?.text, 'managedidentity')
  }
  const option = (kind: string, key: string): unknown => registered.find((entry) => entry.kind === kind)!.options[key]
  const resolved = (value: unknown): string => String(value).replace(/%(\w+)%/g, (_match, variable: string) => appEnv[variable]!)

  const storage = storageSettings(appEnv)
  const queue = option('storageQueue', 'queueName') as string
  t.equal(queue, storage.orderQueue)
  t.ok(JSON.parse(readFileSync('src/platforms/azure/host.json', 'utf8')).extensions.queues.maxDequeueCount > 0, 'the host moves failed messages to the poison queue')
  t.same(queues().sort(), [queue, `${queue}-poison`, storage.failuresQueue].sort())
  t.same([storage.imagesContainer, storage.reportsContainer].filter((name) => !containers().includes(name)), [])

  const cosmos = cosmosSettings(appEnv)
  t.equal(template.one('Microsoft.DocumentDB/databaseAccounts/sqlDatabases').name, cosmos.databaseId)
  t.equal(resolved(option('cosmosDB', 'databaseName')), cosmos.databaseId)
  const leases = option('cosmosDB', 'leaseContainerName') as string
  t.same(cosmosContainersCreated().map((container) => container.name).sort(), [...Object.values(cosmos.containers), leases].sort())
  t.ok(Object.values(cosmos.containers).includes(resolved(option('cosmosDB', 'containerName'))), 'the change feed is the orders container\'s')
  for (const definition of cosmosContainers(cosmos.containers)) {
    const created = cosmosContainersCreated().find((container) => container.name === definition.id)!
    const { resource } = created.body.properties as { resource: Record<string, unknown> }
    t.same({ ...resource, id: definition.id, partitionKey: { paths: (resource.partitionKey as { paths: string[] }).paths } }, definition, `${definition.id}: as the code defines it`)
  }
  const leasesResource = cosmosContainersCreated().find((container) => container.name === leases)!.body.properties as { resource: { partitionKey: unknown } }
  t.same(leasesResource.resource.partitionKey, { paths: ['/id'], kind: 'Hash' })

  t.equal(option('timer', 'schedule'), '0 0 2 * * *')
  t.notOk(settings.has('WEBSITE_TIME_ZONE'), 'the schedule is in UTC')

  const subscription = template.one('Microsoft.EventGrid/systemTopics/eventSubscriptions')
  const thumbnails = registered.find((entry) => entry.kind === 'eventGrid')!.name
  t.match(subscription.body.properties, {
    destination: { endpointType: 'AzureFunction', properties: { resourceId: { parts: [{ expression: 'functionApp.id' }, `/functions/${thumbnails}`] } } },
    filter: { includedEventTypes: ['Microsoft.Storage.BlobCreated'] },
    eventDeliverySchema: 'EventGridSchema'
  })
  const filter = (subscription.body.properties as { filter: { subjectBeginsWith: never } }).filter
  t.equal(template.text(subscription.file, filter.subjectBeginsWith), `/blobServices/default/containers/${storage.imagesContainer}/blobs/uploads/`)
  t.match(template.one('Microsoft.EventGrid/systemTopics').body.properties, { topicType: 'Microsoft.Storage.StorageAccounts', source: { expression: 'account.id' } })
})

/** docs/azure.md's table of roles: each row's role, what it is on, who holds it, and the file of the code path. */
function rolesTable (): Array<Grant & { path: string | undefined }> {
  const section = readFileSync('docs/azure.md', 'utf8').split('\n## Roles\n')[1].split('\n## ')[0]
  return section.split('\n').filter((line) => /^\| [A-Z][^|]* \| `[0-9a-f-]{36}` \|/.test(line)).map((line) => {
    const [, id, on, to, why] = line.split('|').slice(1, -1).map((cell) => cell.trim())
    return { id: id.replaceAll('`', ''), on: on.replaceAll('`', ''), to, path: /`((?:src|infra)\/[^`]+)`/.exec(why)?.[1] }
  })
}

t.test('the roles granted are exactly those the code and the host need, each justified in docs/azure.md', async (t) => {
  const { registered, opened, signed } = await entries
  const roles = template.files.get('infra/app/access.bicep')!.find((d) => d.name === 'roles')!.value as Record<string, string>
  const app = (role: string, on: string): Grant => ({ id: roles[role], on, to: 'function app' })
  const needed: Grant[] = []
  for (const { name, kind } of opened) {
    // A queue the code opens is one it sends to (AzureOrderQueue); a container, one it reads, writes and deletes in (AzureBlobStore).
    needed.push(kind === 'queue' ? app('queueMessageSender', `queue ${name}`) : app('blobDataContributor', `container ${name}`))
  }
  for (const { kind, options } of registered) {
    if (kind === 'storageQueue') {
      const queue = options.queueName as string
      needed.push(app('queueDataReader', `queue ${queue}`), app('queueMessageProcessor', `queue ${queue}`), app('queueMessageSender', `queue ${queue}-poison`))
    }
  }
  // The host itself, whatever its triggers: its locks and the timers' schedule status, and its keys (Event Grid's
  // delivery to a function authenticates with the host's system key).
  needed.push(app('blobDataContributor', 'container azure-webjobs-hosts'), app('blobDataContributor', 'container azure-webjobs-secrets'))
  if (variablesRead(eventFunctionSettings).has('COSMOS_ENDPOINT')) needed.push(app('cosmosDataContributor', `database ${cosmosSettings(appEnv).databaseId}`))
  // A container the code signs URLs for is one it writes in (uploads) and reads (thumbnails); the key signing them is
  // the account's (azure-signed-links.ts asks for a user delegation key with the managed identity).
  t.same(signed, ['images'], 'the API signs upload and thumbnail URLs for the images container')
  if (signed.length > 0) needed.push(app('blobDelegator', 'storage account'))
  // What the template itself asks of the identity: the package's container, and telemetry with a Microsoft Entra token.
  const site = template.one('Microsoft.Web/sites')
  const deployment = (site.body.properties as { functionAppConfig: { deployment: { storage: { value: { parts: [unknown, { expression: string }] } } } } }).functionAppConfig.deployment.storage
  needed.push(app('blobDataContributor', `container ${template.text(site.file, deployment.value.parts[1] as never, true)!}`))
  if (settings.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')?.text === 'Authorization=AAD') needed.push(app('monitoringMetricsPublisher', 'Application Insights'))
  const subscription = template.one('Microsoft.EventGrid/systemTopics/eventSubscriptions')
  const deadLetter = (subscription.body.properties as { deadLetterWithResourceIdentity: { deadLetterDestination: { properties: { blobContainerName: never } } } }).deadLetterWithResourceIdentity
  needed.push({ id: roles.blobDataContributor, on: `container ${template.text(subscription.file, deadLetter.deadLetterDestination.properties.blobContainerName)!}`, to: 'Event Grid topic' })

  const unique = (grants: Grant[]): Grant[] => [...new Map(grants.map((grant) => [`${grant.on} ${grant.id} ${grant.to}`, grant])).values()].sort(byRole)
  const table = rolesTable()
  t.same(unique(template.grants()), unique(table.map(({ id, on, to }) => ({ id, on, to }))), 'the template grants what the table lists, and nothing else')
  t.equal(template.grants().length, unique(template.grants()).length, 'each role once')
  t.same(unique(needed), unique(table.map(({ id, on, to }) => ({ id, on, to }))), 'the table lists what the code and the host need, and nothing else')
  for (const row of table) t.ok(row.path !== undefined && existsSync(row.path), `${row.on}: ${row.path ?? 'no code path'} exists`)
})
