// Azure Functions entry: the API as one HTTP trigger for every path and method (host.json drops the /api prefix).
// The library is a CommonJS bundle whose exports Node cannot name statically: imported whole. In the function app's
// package the docs and the validators are those the build made beside the entries (the package's root is this file's
// `..`).
import functions from '@azure/functions'
import { azureApiHandler } from '../azure-api.ts'
import { cosmosDbApiPorts } from '../azure-api-ports.ts'
import { packagedDocs, packagedSchemas } from '../azure-prebuilt.ts'
import { AZURE_HTTP_METHODS } from '../azure-http.ts'
import { azureApiSettings } from '../azure-settings.ts'

const settings = azureApiSettings(process.env)
const packageRoot = new URL('..', import.meta.url)
const prebuilt = { docs: packagedDocs(packageRoot), schemas: await packagedSchemas(packageRoot) }
functions.app.setup({ enableHttpStream: true })
functions.app.http('api', { route: '{*path}', methods: AZURE_HTTP_METHODS, authLevel: 'anonymous', handler: await azureApiHandler(settings, cosmosDbApiPorts(settings), prebuilt) })
