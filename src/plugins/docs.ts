// The API's documentation pages, Swagger UI at /docs and ReDoc at /redoc, with every asset served locally.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

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

// ReDoc injects styles and runs its search in a blob worker; everything else must come from this service.
// (Its footer logo points at a CDN: img-src keeps the page from calling out, and ReDoc hides the broken image.)
const REDOC_CSP = [
  "default-src 'self'", "script-src 'self'", "worker-src 'self' blob:", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'",
  "frame-ancestors 'self'"
].join('; ')

/** Where ReDoc's standalone bundle lives in node_modules. */
export function redocBundlePath (): string {
  return createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js')
}

export async function docs (app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true, displayRequestDuration: true },
    theme: { title: 'Items API — Swagger UI' }
  })

  app.get('/redoc', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type('text/html; charset=utf-8').header('content-security-policy', REDOC_CSP).send(REDOC_PAGE)
  })

  // Read on first use, then kept: 1 MB that most processes never serve should not cost start-up time.
  let redocBundle: Promise<Buffer> | undefined
  app.get('/redoc/redoc.standalone.js', { schema: { hide: true } }, async (_request, reply) => {
    redocBundle ??= readFile(redocBundlePath()).catch((error: unknown) => {
      redocBundle = undefined
      throw error
    })
    return reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(await redocBundle)
  })
}
