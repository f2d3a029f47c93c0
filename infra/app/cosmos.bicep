// Cosmos DB for NoSQL, serverless, reached with Microsoft Entra ID only: the database and the containers the stores
// use (src/adapters/cosmos/cosmos-containers.ts: each partitioned by /id, with its indexing and time to live), and the
// change feed's lease container.

param location string
param tags object
param cosmosAccountName string
param cosmosDatabase string
param itemsContainer string
param ordersContainer string
param idempotencyContainer string
param leasesContainer string

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: cosmosAccountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [ { locationName: location, failoverPriority: 0 } ]
    capabilities: [ { name: 'EnableServerless' } ]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    // The code signs in with the managed identity when COSMOS_KEY is unset (src/platforms/azure/azure-cosmos.ts).
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: cosmosDatabase
  properties: { resource: { id: cosmosDatabase } }
}

resource items 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: itemsContainer
  properties: {
    resource: {
      id: itemsContainer
      partitionKey: { paths: [ '/id' ], kind: 'Hash' }
      indexingPolicy: {
        indexingMode: 'consistent'
        includedPaths: [ { path: '/*' } ]
        excludedPaths: [ { path: '/image/*' }, { path: '/upload/*' }, { path: '/"_etag"/?' } ]
      }
    }
  }
}

resource orders 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: ordersContainer
  properties: {
    resource: {
      id: ordersContainer
      partitionKey: { paths: [ '/id' ], kind: 'Hash' }
      indexingPolicy: {
        indexingMode: 'consistent'
        includedPaths: [ { path: '/customer_id/?' }, { path: '/status/?' }, { path: '/created_at/?' }, { path: '/order_date/?' } ]
        excludedPaths: [ { path: '/*' } ]
        compositeIndexes: [
          [ { path: '/customer_id', order: 'ascending' }, { path: '/created_at', order: 'descending' } ]
          [ { path: '/customer_id', order: 'ascending' }, { path: '/status', order: 'ascending' }, { path: '/created_at', order: 'descending' } ]
        ]
      }
    }
  }
}

resource idempotency 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: idempotencyContainer
  properties: {
    resource: {
      id: idempotencyContainer
      partitionKey: { paths: [ '/id' ], kind: 'Hash' }
      // Time to live on, with no default: each record sets its own ttl (24 h).
      defaultTtl: -1
      indexingPolicy: { indexingMode: 'consistent', includedPaths: [], excludedPaths: [ { path: '/*' } ] }
    }
  }
}

// The change feed trigger's leases (functions/order-changes-trigger.ts: leaseContainerName 'leases'), partitioned by
// /id as the trigger requires of a lease container.
resource leases 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: leasesContainer
  properties: {
    resource: {
      id: leasesContainer
      partitionKey: { paths: [ '/id' ], kind: 'Hash' }
    }
  }
}

output name string = account.name
output endpoint string = account.properties.documentEndpoint
