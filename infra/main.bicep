// The items API on Azure, as `azd up` provisions it (docs/azure.md): a resource group holding the function app on
// Flex Consumption, its Storage account, Cosmos DB, Application Insights, Event Grid's subscription for thumbnails,
// and the roles of the function app's managed identity. The names of queues, containers and the database are the
// code's defaults (src/platforms/azure/azure-settings.ts, azure-storage-settings.ts), set on the app all the same.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment: names the resource group and seeds every resource\'s name')
param environmentName string

@minLength(1)
@description('The region of every resource (one where Flex Consumption runs)')
@metadata({ azd: { type: 'location' } })
param location string

@secure()
@minLength(32)
@description('CURSOR_SECRET: signs list cursors, the same for every worker; 32 characters or more')
param cursorSecret string

@description('ENVIRONMENT: `dev` allows CORS_ORIGINS="*"; anything else needs origins listed')
param environment string = 'prod'

@allowed([ 'fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent' ])
param logLevel string = 'info'

@description('CORS_ORIGINS, comma-separated: the origins a browser may call the API from, and PUT uploads to Blob Storage from')
param corsOrigins string = ''

@description('AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL: all three, or none (no authentication)')
param authIssuer string = ''
param authAudience string = ''
param authJwksUrl string = ''
@allowed([ 'true', 'false' ])
param authReads string = 'false'

@description('Event Grid\'s subscription for thumbnails, once the package is deployed (set by azure.yaml\'s postdeploy hook)')
param subscribeThumbnails bool = false

param maximumInstanceCount int = 100
param instanceMemoryMB int = 2048

var cosmosDatabase = 'items-api'
var itemsContainer = 'items'
var ordersContainer = 'orders'
var idempotencyContainer = 'idempotency'
var leasesContainer = 'leases'
var orderQueue = 'orders'
var failuresQueue = 'order-changes-failures'
var imagesContainer = 'images'
var reportsContainer = 'reports'
var deadLetterContainer = 'thumbnail-dead-letters'

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-items-${token}'
var storageAccountName = 'st${token}'
var cosmosAccountName = 'cosmos-items-${token}'
var deploymentContainer = 'app-package-${token}'
var origins = filter(map(split(corsOrigins, ','), origin => trim(origin)), origin => !empty(origin))

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: group
  params: {
    location: location
    tags: tags
    storageAccountName: storageAccountName
    orderQueue: orderQueue
    failuresQueue: failuresQueue
    imagesContainer: imagesContainer
    reportsContainer: reportsContainer
    deploymentContainer: deploymentContainer
    deadLetterContainer: deadLetterContainer
    uploadOrigins: origins
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: group
  params: {
    location: location
    tags: tags
    cosmosAccountName: cosmosAccountName
    cosmosDatabase: cosmosDatabase
    itemsContainer: itemsContainer
    ordersContainer: ordersContainer
    idempotencyContainer: idempotencyContainer
    leasesContainer: leasesContainer
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: group
  params: {
    location: location
    tags: tags
    functionAppName: functionAppName
    planName: 'plan-items-${token}'
    logAnalyticsName: 'log-items-${token}'
    appInsightsName: 'appi-items-${token}'
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainer: deploymentContainer
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmosDatabase
    itemsContainer: itemsContainer
    ordersContainer: ordersContainer
    idempotencyContainer: idempotencyContainer
    orderQueue: orderQueue
    failuresQueue: failuresQueue
    imagesContainer: imagesContainer
    reportsContainer: reportsContainer
    environment: environment
    logLevel: logLevel
    corsOrigins: join(origins, ',')
    cursorSecret: cursorSecret
    authIssuer: authIssuer
    authAudience: authAudience
    authJwksUrl: authJwksUrl
    authReads: authReads
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

module access 'app/access.bicep' = {
  name: 'access'
  scope: group
  params: {
    principalId: functionApp.outputs.principalId
    storageAccountName: storage.outputs.name
    cosmosAccountName: cosmos.outputs.name
    cosmosDatabase: cosmosDatabase
    appInsightsName: functionApp.outputs.appInsightsName
    orderQueue: orderQueue
    failuresQueue: failuresQueue
    imagesContainer: imagesContainer
    reportsContainer: reportsContainer
    deploymentContainer: deploymentContainer
  }
}

module events 'app/events.bicep' = {
  name: 'events'
  scope: group
  params: {
    location: location
    tags: tags
    topicName: 'evgt-items-${token}'
    storageAccountName: storage.outputs.name
    functionAppName: functionApp.outputs.name
    imagesContainer: imagesContainer
    deadLetterContainer: deadLetterContainer
    subscribeThumbnails: subscribeThumbnails
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output API_URL string = functionApp.outputs.url
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
