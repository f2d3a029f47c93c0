// Swagger UI plugins that run in the browser: @fastify/swagger-ui writes them into swagger-initializer.js by their
// source text, so they use no import, no closure and no name from this module. Swagger UI labels a server
// "{url} - {description}"; the document's relative URL (`..`, which keeps a stage prefix) made that ".. - This
// deployment". The page shows the absolute URL the relative one resolves to, from where the document was loaded.

interface ServerObject { url: string, description?: string }
interface SpecSystem { specSelectors: { url: () => string } }
/** What a Swagger UI plugin answers: the parts of the UI's state it adds to or wraps. */
interface Plugin { statePlugins?: Record<string, { wrapActions?: Record<string, (original: any, system: any) => unknown> }> }

/** Swagger UI's own plugin that loads the document from `url`, kept: a `plugins` option replaces the default list. */
export function downloadUrl (system: unknown): Plugin {
  return (globalThis as unknown as { SwaggerUIBundle: { plugins: { DownloadUrl: (system: unknown) => Plugin } } }).SwaggerUIBundle.plugins.DownloadUrl(system)
}

/** Each server's URL resolved against the document's (absolute, as the initializer loads it): `..` from /dev/docs/json is /dev. */
export function absoluteServers (): Plugin {
  return {
    statePlugins: {
      spec: {
        wrapActions: {
          updateJsonSpec: function (original: (spec: unknown) => unknown, system: SpecSystem) {
            return function (spec: { servers?: ServerObject[] }) {
              if (spec === null || typeof spec !== 'object' || !Array.isArray(spec.servers)) return original(spec)
              const servers = spec.servers.map(function (server) {
                return Object.assign({}, server, { url: new URL(server.url, system.specSelectors.url()).href.replace(/\/$/, '') })
              })
              return original(Object.assign({}, spec, { servers }))
            }
          }
        }
      }
    }
  }
}
