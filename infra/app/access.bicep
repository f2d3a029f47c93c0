// What the function app's identity may do, and nothing more: each role on the one queue, container, database or
// component that a code path needs, as docs/azure.md's table of roles says (test/infra/azure-template.test.ts holds
// this file, the table and the code to each other).

param principalId string
param storageAccountName string
param cosmosAccountName string
param cosmosDatabase string
param appInsightsName string
param orderQueue string
param failuresQueue string
param imagesContainer string
param reportsContainer string
param deploymentContainer string

// Built-in roles: Azure's ids (the same in every tenant).
var roles = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  blobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
  queueDataReader: '19e7f393-937e-4f77-808e-94535e297925'
  queueMessageProcessor: '8a0f0c08-91a1-4084-bc3d-661d67233fed'
  queueMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // Cosmos DB's data plane has roles of its own: Cosmos DB Built-in Data Contributor.
  cosmosDataContributor: '00000000-0000-0000-0000-000000000002'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: account
  name: 'default'
}

resource hosts 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: 'azure-webjobs-hosts'
}

resource secrets 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: 'azure-webjobs-secrets'
}

resource package 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: deploymentContainer
}

resource images 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: imagesContainer
}

resource reports 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: reportsContainer
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' existing = {
  parent: account
  name: 'default'
}

resource orders 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: queueService
  name: orderQueue
}

resource ordersPoison 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: queueService
  name: '${orderQueue}-poison'
}

resource failures 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: queueService
  name: failuresQueue
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: cosmosAccountName
}

resource hostsContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hosts.id, principalId, roles.blobDataContributor)
  scope: hosts
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(secrets.id, principalId, roles.blobDataContributor)
  scope: secrets
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource packageContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(package.id, principalId, roles.blobDataContributor)
  scope: package
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource imagesContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(images.id, principalId, roles.blobDataContributor)
  scope: images
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource reportsContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(reports.id, principalId, roles.blobDataContributor)
  scope: reports
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource delegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, roles.blobDelegator)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDelegator)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource ordersReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(orders.id, principalId, roles.queueDataReader)
  scope: orders
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueDataReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource ordersProcessor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(orders.id, principalId, roles.queueMessageProcessor)
  scope: orders
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueMessageProcessor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource ordersSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(orders.id, principalId, roles.queueMessageSender)
  scope: orders
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueMessageSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource poisonSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(ordersPoison.id, principalId, roles.queueMessageSender)
  scope: ordersPoison
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueMessageSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource failuresSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(failures.id, principalId, roles.queueMessageSender)
  scope: failures
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueMessageSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource cosmosContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmos
  name: guid(cosmos.id, principalId, roles.cosmosDataContributor)
  properties: {
    principalId: principalId
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${roles.cosmosDataContributor}'
    scope: '${cosmos.id}/dbs/${cosmosDatabase}'
  }
}
