// Where the docs pages' static files are: in node_modules when run from source, beside the bundle in the Lambda artifact.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Set by the bundler (scripts/build.ts): the folder, relative to the bundle, that the assets were copied to. */
declare const BUNDLED_DOCS_ASSETS: string | undefined

export interface DocsAssets {
  /** Swagger UI's static folder: its scripts, styles, icons and logo. */
  swaggerUiDir: string
  /** ReDoc's standalone bundle. */
  redocBundle: string
}

/** The folder names the bundle's copies use, relative to the assets folder. */
export const BUNDLED_LAYOUT = { swaggerUiDir: 'swagger-ui', redocBundle: 'redoc.standalone.js' } as const

export function docsAssets (): DocsAssets {
  if (typeof BUNDLED_DOCS_ASSETS === 'string') {
    const folder = fileURLToPath(new URL(BUNDLED_DOCS_ASSETS, import.meta.url))
    return { swaggerUiDir: join(folder, BUNDLED_LAYOUT.swaggerUiDir), redocBundle: join(folder, BUNDLED_LAYOUT.redocBundle) }
  }
  const require = createRequire(import.meta.url)
  return {
    swaggerUiDir: join(dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static'),
    redocBundle: require.resolve('redoc/bundles/redoc.standalone.js')
  }
}
