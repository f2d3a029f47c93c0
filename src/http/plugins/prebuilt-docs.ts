// The docs pages and OpenAPI documents as the build recorded them from the generated ones (scripts/record-docs.ts):
// the Lambda function serves files, and its init generates no document and loads no docs plugin.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthConfig } from '../../config.ts'
import type { DocsOptions, DocsPlugin } from './docs-plugin.ts'

/** One recorded response: its status, the headers its route set, and the file that holds its body. */
export interface RecordedResponse {
  status: number
  headers: Record<string, string>
  file: string
}

/**
 * The documents differ by what authentication protects: nothing (`open`); everything but item reads (`bearer`); or
 * everything, item reads too (`bearer-all`, AUTH_READS=true).
 */
export type DocsVariant = 'open' | 'bearer' | 'bearer-all'

export interface DocsSnapshot {
  /** The folder of the bodies, relative to the bundle. */
  dir: string
  variants: Record<DocsVariant, Record<string, RecordedResponse>>
}

export const docsVariant = (auth: AuthConfig | undefined): DocsVariant =>
  auth === undefined ? 'open' : auth.reads ? 'bearer-all' : 'bearer'

/** The docs as recorded in `snapshot`, its bodies in `snapshot.dir` beside `base` (the bundle's URL). */
export function recordedDocs (snapshot: DocsSnapshot, base: string): DocsPlugin {
  return fp<DocsOptions>(async function recordedDocs (app: FastifyInstance, { auth }) {
    await serveRecorded(app, snapshot, docsVariant(auth), base)
  }, { name: 'recorded-docs', fastify: '5.x' })
}

async function serveRecorded (app: FastifyInstance, snapshot: DocsSnapshot, variant: DocsVariant, base: string): Promise<void> {
  const folder = new URL(snapshot.dir, base)
  // Read on first use, then kept: most instances never serve a docs page, and init should not pay for them.
  const bodies = new Map<string, Promise<Buffer>>()
  const body = async (file: string): Promise<Buffer> => {
    let read = bodies.get(file)
    if (read === undefined) {
      read = readFile(fileURLToPath(new URL(file, folder)))
      read.catch(() => bodies.delete(file))
      bodies.set(file, read)
    }
    return await read
  }

  const recordings = snapshot.variants[variant]
  async function answer (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const query = request.url.indexOf('?')
    const path = query === -1 ? request.url : request.url.slice(0, query)
    // A trailing slash does not matter, as for every route (the app ignores it): `/redoc/` is `/redoc`.
    const recorded = recordings[path] ?? recordings[path.endsWith('/') ? path.slice(0, -1) : `${path}/`]
    if (recorded === undefined) {
      reply.callNotFound()
      return reply
    }
    const { headers } = recorded
    reply.headers(headers).code(recorded.status)
    // A recorded redirect (Swagger UI's own /docs/static/index.html → /docs/) is answered as recorded, without a body.
    if (headers.location !== undefined) return await reply.send()
    // An unchanged asset is not sent again: the recorded ETag is the one the generated page answered with.
    if (headers.etag !== undefined && request.headers['if-none-match'] === headers.etag) return await reply.code(304).send()
    return await reply.send(await body(recorded.file))
  }

  // One route per folder rather than one per file: fewer routes for the router to build at init.
  const routes = new Set(Object.keys(recordings).map((path) => path.lastIndexOf('/') > 0 ? `${path.slice(0, path.lastIndexOf('/'))}/*` : path))
  for (const url of routes) app.get(url, { schema: { hide: true } }, answer)
}
