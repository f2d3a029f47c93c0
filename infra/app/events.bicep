// Event Grid: the Storage account's system topic, and its subscription that delivers BlobCreated events of the images
// container under uploads/ to the `thumbnails` function (functions/thumbnails-trigger.ts). Event Grid checks that the
// function exists when the subscription is made, so the subscription waits for the first deployment of the package
// (`subscribeThumbnails`, set by azure.yaml's postdeploy hook). An event that fails every delivery is written to the
// dead-letter container with the topic's own identity.

param location string
param tags object
param topicName string
param storageAccountName string
param functionAppName string
param imagesContainer string
param deadLetterContainer string
param subscribeThumbnails bool

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: account
  name: 'default'
}

resource deadLetters 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: deadLetterContainer
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: topicName
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// Storage Blob Data Contributor, for the topic to write what it could not deliver.
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetters.id, topic.id, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: deadLetters
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource thumbnails 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (subscribeThumbnails) {
  parent: topic
  name: 'thumbnails'
  dependsOn: [ deadLetterWriter ]
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/thumbnails'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: [ 'Microsoft.Storage.BlobCreated' ]
      subjectBeginsWith: '/blobServices/default/containers/${imagesContainer}/blobs/uploads/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: { maxDeliveryAttempts: 10, eventTimeToLiveInMinutes: 1440 }
    deadLetterWithResourceIdentity: {
      identity: { type: 'SystemAssigned' }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: { resourceId: account.id, blobContainerName: deadLetterContainer }
      }
    }
  }
}
