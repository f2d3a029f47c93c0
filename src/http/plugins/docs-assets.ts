// Where the docs pages' static files are: in node_modules. (The Lambda bundle serves the build's recording of them.)
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export interface DocsAssets {
  /** Swagger UI's static folder: its scripts, styles, icons and logo. */
  swaggerUiDir: string
  /** ReDoc's standalone bundle. */
  redocBundle: string
}

export function docsAssets (): DocsAssets {
  const require = createRequire(import.meta.url)
  return {
    swaggerUiDir: join(dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static'),
    redocBundle: require.resolve('redoc/bundles/redoc.standalone.js')
  }
}
