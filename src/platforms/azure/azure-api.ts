// The API on Azure Functions: the same buildApp, on the ports its caller chooses, behind the HTTP trigger's bridge.
import type { HttpHandler } from '@azure/functions'
import { buildApp, type AppDependencies } from '../../app.ts'
import type { AppSettings } from '../../config.ts'
import type { DocsPlugin } from '../../http/plugins/docs-plugin.ts'
import type { PrecompiledSchemas } from '../../http/plugins/schema-compilers.ts'
import { azureHttpHandler } from './azure-http.ts'
import { invocationLogStream } from './invocation-logs.ts'

/** The stores, links and search index, and what closes them: Cosmos DB's on Azure (azure-api-ports.ts). */
export type AzureApiPorts = Omit<AppDependencies, 'docs' | 'schemas' | 'invocations'>

/** What the build made for the API (azure-prebuilt.ts): the recorded docs, the precompiled validators and serializers. */
export interface AzurePrebuilt {
  docs?: DocsPlugin
  schemas?: PrecompiledSchemas
}

/**
 * The trigger's handler, once the app is ready (while the worker loads the entry). What the build did not make is
 * made as the app starts: the docs generated, their plugins loaded only then, and the schemas compiled. Each log line
 * names its invocation and reaches the host through the invocation's context.
 */
export async function azureApiHandler (settings: AppSettings, ports: AzureApiPorts, prebuilt: AzurePrebuilt = {}): Promise<HttpHandler> {
  const docs = prebuilt.docs ?? (await import('../../http/plugins/docs-plugin.ts')).liveDocs
  return await azureHttpHandler(buildApp(settings, { ...ports, docs, schemas: { precompiled: prebuilt.schemas }, invocations: { logStream: invocationLogStream } }))
}
