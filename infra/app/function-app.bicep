// The function app on Flex Consumption (Linux, Node 22) with its system-assigned identity, its logs in Application
// Insights over Log Analytics (signed in with the identity, no instrumentation key), and the application settings the
// code and the triggers read (docs/configuration.md).

param location string
param tags object
param functionAppName string
param planName string
param logAnalyticsName string
param appInsightsName string
param storageAccountName string
param blobEndpoint string
param deploymentContainer string
param cosmosEndpoint string
param cosmosDatabase string
param itemsContainer string
param ordersContainer string
param idempotencyContainer string
param orderQueue string
param failuresQueue string
param imagesContainer string
param reportsContainer string
param environment string
param logLevel string
param corsOrigins string
@secure()
param cursorSecret string
param authIssuer string
param authAudience string
param authJwksUrl string
param authReads string
param maximumInstanceCount int
param instanceMemoryMB int

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    // Telemetry only with a Microsoft Entra token: the identity's Monitoring Metrics Publisher role (access.bicep).
    DisableLocalAuth: true
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  // azd deploys the service `api` of azure.yaml to the app tagged with its name.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: { minTlsVersion: '1.2', http20Enabled: true }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: instanceMemoryMB }
      runtime: { name: 'node', version: '22' }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // The host's storage, the queue trigger's connection: the account by name, with the identity.
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    // The change feed trigger's connection (`COSMOS`), with the identity.
    COSMOS__accountEndpoint: cosmosEndpoint
    COSMOS__credential: 'managedidentity'
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
    // The app's own (src/config.ts).
    ENVIRONMENT: environment
    SERVICE_NAME: 'items-api'
    LOG_LEVEL: logLevel
    CORS_ORIGINS: corsOrigins
    CURSOR_SECRET: cursorSecret
    AUTH_ISSUER: authIssuer
    AUTH_AUDIENCE: authAudience
    AUTH_JWKS_URL: authJwksUrl
    AUTH_READS: authReads
    // Cosmos DB (src/platforms/azure/azure-settings.ts); no COSMOS_KEY: the identity signs in.
    COSMOS_ENDPOINT: cosmosEndpoint
    COSMOS_DATABASE: cosmosDatabase
    COSMOS_ITEMS_CONTAINER: itemsContainer
    COSMOS_ORDERS_CONTAINER: ordersContainer
    COSMOS_IDEMPOTENCY_CONTAINER: idempotencyContainer
    // The Storage account (src/platforms/azure/azure-storage-settings.ts); no STORAGE_CONNECTION_STRING: the identity.
    STORAGE_ACCOUNT_NAME: storageAccountName
    ORDER_QUEUE_NAME: orderQueue
    ORDER_CHANGES_FAILURES_QUEUE_NAME: failuresQueue
    IMAGES_CONTAINER_NAME: imagesContainer
    REPORTS_CONTAINER_NAME: reportsContainer
  }
}

output name string = functionApp.name
output id string = functionApp.id
output principalId string = functionApp.identity.principalId
output appInsightsName string = appInsights.name
output url string = 'https://${functionApp.properties.defaultHostName}'
