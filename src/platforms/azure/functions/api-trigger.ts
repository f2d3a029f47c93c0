// Azure Functions entry: the API as one HTTP trigger for every path and method (host.json drops the /api prefix).
// The library is a CommonJS bundle whose exports Node cannot name statically: imported whole. In the function app's
// package the docs are those the build recorded beside the entries (the package's root is this file's `..`).
import functions from '@azure/functions'
import { azureApiHandler } from '../azure-api.ts'
import { cosmosDbApiPorts } from '../azure-api-ports.ts'
import { packagedDocs } from '../azure-docs.ts'
import { AZURE_HTTP_METHODS } from '../azure-http.ts'
import { azureApiSettings } from '../azure-settings.ts'

const settings = azureApiSettings(process.env)
functions.app.setup({ enableHttpStream: true })
functions.app.http('api', { route: '{*path}', methods: AZURE_HTTP_METHODS, authLevel: 'anonymous', handler: await azureApiHandler(settings, cosmosDbApiPorts(settings), packagedDocs(new URL('..', import.meta.url))) })
