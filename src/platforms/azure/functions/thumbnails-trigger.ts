// Azure Functions entry: the thumbnail function, on Event Grid's BlobCreated events of the images container under
// uploads/ (the Storage account's system topic; the subscription filters the subject).
import functions from '@azure/functions'
import { thumbnailsHandler } from '../azure-event-functions.ts'
import { eventFunctionSettings } from '../azure-settings.ts'

functions.app.eventGrid('thumbnails', { handler: thumbnailsHandler(eventFunctionSettings(process.env)) })
