// The API's documentation pages, Swagger UI at /docs and ReDoc at /redoc, with every asset served locally.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { docsAssets } from './docs-assets.ts'
import { documentSecurityHeaders, settingHeaders } from './security-headers.ts'

const REDOC_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Items API — ReDoc</title>
  <style>body { margin: 0; padding: 0; }</style>
</head>
<body>
  <redoc spec-url="./openapi.json"></redoc>
  <script src="./redoc/redoc.standalone.js"></script>
</body>
</html>
`

const SWAGGER_UI_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'"
].join('; ')

// ReDoc injects styles and runs its search in a blob worker; everything else must come from this service.
// (Its footer logo points at a CDN: img-src keeps the page from calling out, and ReDoc hides the broken image.)
const REDOC_CSP = [
  "default-src 'self'", "script-src 'self'", "worker-src 'self' blob:", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
  "frame-ancestors 'self'"
].join('; ')

/**
 * `/docs` becomes `docs/`, relative: Swagger UI's page then loads its assets and document relatively, which keeps
 * working behind a path prefix the service cannot see, such as a REST API stage (`/prod/docs` → `/prod/docs/`).
 */
async function toTrailingSlash (request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const [path, query] = request.url.split('?', 2)
  if (path === '/docs') await reply.redirect(query === undefined ? 'docs/' : `docs/?${query}`, 301)
}

export async function docs (app: FastifyInstance): Promise<void> {
  // These routes answer documents, which carry helmet's document headers too (the bundle replays them as recorded).
  app.addHook('onRequest', settingHeaders(documentSecurityHeaders()))
  const assets = docsAssets()
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Always the explicit folder: a bundle has no node_modules for the plugin to find its own.
    baseDir: assets.swaggerUiDir,
    logo: { type: 'image/svg+xml', content: await readFile(join(assets.swaggerUiDir, 'logo.svg')) },
    uiConfig: { deepLinking: true, displayRequestDuration: true },
    uiHooks: { onRequest: toTrailingSlash },
    // The API is the document's parent folder (/docs/json → /): "Try it out" then keeps any stage prefix.
    transformSpecification: (document) => ({ ...document, servers: [{ url: '..', description: 'This deployment' }] }),
    // The transform copies the one field it changes; a deep clone per request would be wasted.
    transformSpecificationClone: false,
    theme: { title: 'Items API — Swagger UI' },
    // Every script and stylesheet is the service's own; Swagger UI sets inline styles, and "Try it out" calls the API.
    staticCSP: SWAGGER_UI_CSP
  })

  app.get('/redoc', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('text/html; charset=utf-8').header('content-security-policy', REDOC_CSP).send(REDOC_PAGE)
  })

  // Read on first use, then kept: 1 MB that most processes never serve should not cost start-up time.
  let redocBundle: Promise<Buffer> | undefined
  app.get('/redoc/redoc.standalone.js', { schema: { hide: true } }, async (_request, reply) => {
    redocBundle ??= readFile(assets.redocBundle).catch((error: unknown) => {
      redocBundle = undefined
      throw error
    })
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(await redocBundle)
  })
}
