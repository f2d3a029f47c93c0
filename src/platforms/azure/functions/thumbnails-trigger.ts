// Azure Functions entry: the thumbnail function, on Event Grid's BlobCreated events of the images container under
// uploads/ (the Storage account's system topic; the subscription filters the subject).
import functions from '@azure/functions'
import { AzureBlobStore } from '../../../adapters/azure-storage/azure-blob-store.ts'
import { createBlobContainerClient } from '../../../adapters/azure-storage/storage-clients.ts'
import { CosmosItemStore } from '../../../adapters/cosmos/cosmos-item-store.ts'
import { cosmosClientOf } from '../azure-cosmos.ts'
import { eventFunctionSettings } from '../azure-settings.ts'
import { storageAccess } from '../azure-storage-settings.ts'
import { thumbnailsEvent } from '../thumbnails-event.ts'

const { cosmos, storage, ...settings } = eventFunctionSettings(process.env)
const images = new AzureBlobStore(createBlobContainerClient(storageAccess(storage, 'blob'), storage.imagesContainer))
const items = new CosmosItemStore(cosmosClientOf(cosmos), cosmos.databaseId, cosmos.containers.items)
functions.app.eventGrid('thumbnails', { handler: thumbnailsEvent(settings, { images, items, container: storage.imagesContainer }) })
