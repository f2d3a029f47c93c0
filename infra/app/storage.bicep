// The function app's Storage account: the Functions host's own containers (AzureWebJobsStorage, reached with the
// managed identity), the deployment package's container, the order queue with its poison queue, the failures queue,
// and the images and reports containers. No shared key: every client signs in with Microsoft Entra ID.

param location string
param tags object
param storageAccountName string
param orderQueue string
param failuresQueue string
param imagesContainer string
param reportsContainer string
param deploymentContainer string
param deadLetterContainer string
@description('Origins a browser may PUT uploads from (blob CORS); empty: none')
param uploadOrigins array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    // The code reaches the account by name with the managed identity (src/platforms/azure/azure-storage-settings.ts),
    // and signs view and upload links with a user delegation key: no key is ever needed.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    // A browser uploads an image with a PUT of its body to a SAS URL, with x-ms-blob-type: BlockBlob.
    cors: {
      corsRules: empty(uploadOrigins) ? [] : [
        {
          allowedOrigins: uploadOrigins
          allowedMethods: [ 'PUT' ]
          allowedHeaders: [ 'content-type', 'x-ms-blob-type', 'x-ms-blob-content-type', 'x-ms-version', 'x-ms-date' ]
          exposedHeaders: [ 'etag', 'x-ms-request-id' ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

// The host's containers (timers' schedule status, singleton locks, the function keys), created here so that the
// identity's role can be scoped to them rather than to the account.
resource hostsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'azure-webjobs-hosts'
}

resource secretsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'azure-webjobs-secrets'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

resource images 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: imagesContainer
}

resource reports 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: reportsContainer
}

// Thumbnail events that failed every delivery, written by Event Grid.
resource deadLetters 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deadLetterContainer
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource orders 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: orderQueue
}

// Where the host moves a message after its third failed delivery (host.json: maxDequeueCount 3).
resource ordersPoison 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${orderQueue}-poison'
}

resource failures 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: failuresQueue
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
