// The API function's app, initialised during the Lambda init phase by a top-level await: the same buildApp on the
// AWS ports, with what `npm run build` generated for it (the recorded docs and the precompiled validators, imported
// from generated/ by their real paths) and its metrics in each request's log line (EMF).
import { buildApp } from '../../app.ts'
import { ConfigError } from '../../config.ts'
import { recordedDocs } from '../../http/plugins/prebuilt-docs.ts'
import { awsApiPorts } from './api-dependencies.ts'
import { emfEncoder } from './emf.ts'
import { docsSnapshot } from './generated/docs-snapshot.cjs'
import { precompiledSchemas } from './generated/precompiled-schemas.cjs'
import { lambdaHttpHandler } from './http-events.ts'
import { apiSettings } from './settings.ts'

const settings = apiSettings(process.env)
// Instances come and go: each signing cursors with a secret of its own would refuse the others' cursors.
if (settings.cursorSecret === undefined) throw new ConfigError('CURSOR_SECRET', '', 'a secret of 32 characters or more, the same for every instance')

const app = buildApp(settings, {
  ...awsApiPorts(settings),
  // The recorded bodies are in the artifact's docs/ folder, beside the bundle this module is part of.
  docs: recordedDocs(docsSnapshot, import.meta.url),
  schemas: { precompiled: precompiledSchemas },
  invocations: { requestMetrics: emfEncoder(settings.serviceName) }
})

export const handler = await lambdaHttpHandler(app, settings.lambdaInitialization)
