// The API on Azure Functions: the same buildApp, on the ports its caller chooses, behind the HTTP trigger's bridge.
import type { HttpHandler } from '@azure/functions'
import { buildApp, type AppDependencies } from '../../app.ts'
import type { AppSettings } from '../../config.ts'
import { liveDocs } from '../../http/plugins/docs-plugin.ts'
import { azureHttpHandler } from './azure-http.ts'
import { invocationLogStream } from './invocation-logs.ts'

/** The stores, links and search index, and what closes them: Cosmos DB's on Azure (azure-api-ports.ts). */
export type AzureApiPorts = Omit<AppDependencies, 'docs' | 'schemas' | 'invocations'>

/** The trigger's handler, once the app is ready (while the worker loads the entry). */
export async function azureApiHandler (settings: AppSettings, ports: AzureApiPorts): Promise<HttpHandler> {
  // The docs are generated as the app starts: no build step records them for Azure yet. Each log line names its
  // invocation and reaches the host through the invocation's context.
  return await azureHttpHandler(buildApp(settings, { ...ports, docs: liveDocs, invocations: { logStream: invocationLogStream } }))
}
