// The API's documentation pages, Swagger UI at /docs and ReDoc at /redoc, with every asset served locally.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { docsAssets } from './docs-assets.ts'
import { documentSecurityHeaders, settingHeaders } from './security-headers.ts'
import { absoluteServers, downloadUrl } from './swagger-ui-servers.ts'

/**
 * Each page is a folder (`/docs/`, `/redoc/`) whose links are relative to it, so that they keep any path prefix the
 * service cannot see (a REST API stage). Reached without the trailing slash, which some proxies and API Gateway
 * emulators strip (so that a redirect to add it would loop), the same links would resolve one level up. So the page
 * writes its links from an inline script that knows which address the browser shows, rather than carrying them in its
 * markup, where the browser's preload scanner would fetch them at the wrong address first. The pages' content security
 * policies allow these scripts by their hashes.
 */
function writtenByScript (markup: string): string {
  const literal = JSON.stringify(markup).replaceAll('</', '<\\/')
  return 'var path = location.pathname, folder = path.endsWith("/") ? "" : path.slice(path.lastIndexOf("/") + 1) + "/"; ' +
    `document.write(${literal}.replaceAll("{folder}", folder))`
}

interface Page { html: string, scriptHashes: string }

function page (title: string, head: string, body: string): Page {
  const scripts = [writtenByScript(head), writtenByScript(body)]
  return {
    html: `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <script>${scripts[0]}</script>
</head>
<body>
  <script>${scripts[1]}</script>
</body>
</html>
`,
    scriptHashes: scripts.map((script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`).join(' ')
  }
}

const SWAGGER_UI_PAGE = page('Items API — Swagger UI', `<link rel="stylesheet" href="{folder}static/swagger-ui.css">
  <link rel="stylesheet" href="{folder}static/index.css">
  <link rel="icon" type="image/png" href="{folder}static/favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="{folder}static/favicon-16x16.png" sizes="16x16">`, `<div id="swagger-ui"></div>
  <script src="{folder}static/swagger-ui-bundle.js" charset="UTF-8"></script>
  <script src="{folder}static/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
  <script src="{folder}static/swagger-initializer.js" charset="UTF-8"></script>`)

const REDOC_PAGE = page('Items API — ReDoc', '<style>body { margin: 0; padding: 0; }</style>', `<redoc spec-url="{folder}../openapi.json"></redoc>
  <script src="{folder}redoc.standalone.js"></script>`)

const SWAGGER_UI_CSP = [
  "default-src 'self'", `script-src 'self' ${SWAGGER_UI_PAGE.scriptHashes}`, "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'"
].join('; ')

// ReDoc injects styles and runs its search in a blob worker; everything else must come from this service.
// (Its footer logo points at a CDN: img-src keeps the page from calling out, and ReDoc hides the broken image.)
const REDOC_CSP = [
  "default-src 'self'", `script-src 'self' ${REDOC_PAGE.scriptHashes}`, "worker-src 'self' blob:", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
  "frame-ancestors 'self'"
].join('; ')

/** Swagger UI's page is this service's own (the plugin's would link its assets by absolute path without the slash). */
async function swaggerUiPage (request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.routeOptions.url !== '/docs' && request.routeOptions.url !== '/docs/') return
  await reply.type('text/html; charset=utf-8').header('content-security-policy', SWAGGER_UI_CSP).send(SWAGGER_UI_PAGE.html)
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
    // The server list shows the API's absolute URL, not the relative one the document holds (swagger-ui-servers.ts).
    uiConfig: { deepLinking: true, displayRequestDuration: true, plugins: [downloadUrl, absoluteServers] },
    uiHooks: { onRequest: swaggerUiPage },
    // The API is the document's parent folder (/docs/json → /): "Try it out" then keeps any stage prefix.
    transformSpecification: (document) => ({ ...document, servers: [{ url: '..', description: 'This deployment' }] }),
    // The transform copies the one field it changes; a deep clone per request would be wasted.
    transformSpecificationClone: false,
    // Every script and stylesheet is the service's own; Swagger UI sets inline styles, and "Try it out" calls the API.
    staticCSP: SWAGGER_UI_CSP
  })

  app.get('/redoc', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('text/html; charset=utf-8').header('content-security-policy', REDOC_CSP).send(REDOC_PAGE.html)
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
