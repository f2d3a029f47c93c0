// How the app gets its OpenAPI document and docs pages: generated at start-up from the routes (liveDocs, the local
// server and the tests), or as the build recorded them (recordedDocs in prebuilt-docs.ts, a deployed function). The
// caller chooses; a function's bundle never holds the generating plugins.
import type { FastifyPluginAsync, FastifyPluginCallback } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthConfig } from '../../config.ts'
import { docs } from './docs.ts'
import { openApi } from './openapi.ts'

export interface DocsOptions {
  /** The API's version, as the document states it. */
  version: string
  /** The authentication the document describes: which operations need the token. */
  auth: AuthConfig | undefined
}

export type DocsPlugin = FastifyPluginAsync<DocsOptions> | FastifyPluginCallback<DocsOptions>

/** The document generated from the routes as they register, and the Swagger UI and ReDoc pages over it. */
export const liveDocs: DocsPlugin = fp<DocsOptions>(async function liveDocs (app, { version, auth }) {
  await app.register(openApi, { version, bearer: auth !== undefined })
  await app.register(docs)
}, { name: 'live-docs', fastify: '5.x' })
