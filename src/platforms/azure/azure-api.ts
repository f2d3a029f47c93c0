// The API on Azure Functions: the same buildApp, on the ports its caller chooses, behind the HTTP trigger's bridge.
import type { HttpHandler } from '@azure/functions'
import { buildApp, type AppDependencies } from '../../app.ts'
import type { AppSettings } from '../../config.ts'
import type { DocsPlugin } from '../../http/plugins/docs-plugin.ts'
import { azureHttpHandler } from './azure-http.ts'

/** The stores, links and search index, and what closes them: Cosmos DB's on Azure (azure-api-ports.ts). */
export type AzureApiPorts = Omit<AppDependencies, 'docs' | 'schemas' | 'invocations'>

/**
 * The trigger's handler, once the app is ready (while the worker loads the entry). The docs are the recorded ones
 * the caller passes (azure-docs.ts); without them, generated as the app starts, their plugins loaded only then. Each
 * log line is written before the invocation returns and names it.
 */
export async function azureApiHandler (settings: AppSettings, ports: AzureApiPorts, docs?: DocsPlugin): Promise<HttpHandler> {
  docs ??= (await import('../../http/plugins/docs-plugin.ts')).liveDocs
  return await azureHttpHandler(buildApp(settings, { ...ports, docs, invocations: {} }))
}
