// npm run build: the Lambda artifact in dist/lambda: one minified ESM bundle with its source map, and the docs assets.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { BUNDLED_LAYOUT, docsAssets } from '../src/plugins/docs-assets.ts'
import { precompiledSchemasModule } from './precompile-schemas.ts'

export const LAMBDA_DIR = 'dist/lambda'
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))
/** The assets folder, relative to the bundle; src/plugins/docs-assets.ts reads it through BUNDLED_DOCS_ASSETS. */
const DOCS_DIR = 'docs'
// Swagger UI's page loads the bundle and the preset; swagger-ui.js is the same code again for module users.
const UNUSED_SWAGGER_UI_FILES = new Set(['swagger-ui.js', 'index.html'])

/** Bundles one entry the way the Lambda artifact is bundled (the benchmarks' floor handler is built the same way). */
export async function bundle (entry: string, outfile: string, define: Record<string, string> = {}, plugins: Plugin[] = []): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The Lambda runtime is Node 24; Node 20 is the oldest that runs the bundle (the benchmarks load it locally).
    target: 'node20',
    // ES module builds first: the AWS SDK's are smaller once tree-shaken.
    mainFields: ['module', 'main'],
    minify: true,
    // Names kept: error types and stack traces stay readable in CloudWatch.
    keepNames: true,
    sourcemap: 'linked',
    // The map points at src/ and node_modules by path; without the sources' text it is a fraction of the size.
    sourcesContent: false,
    legalComments: 'linked',
    define,
    plugins,
    // CommonJS dependencies call require() for Node's built-in modules; an ES module has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'silent'
  })
  return result.warnings.map((warning) => warning.text)
}

/**
 * Packages the function loads but never uses as a whole, each replaced by a few lines in scripts/bundle/ that say
 * why. Together they are about a third of the bundle and a third of the init phase's compile and load time.
 */
const REPLACED_PACKAGES: Record<string, string> = {
  ajv: 'compiled-at-build.cjs',
  'ajv-formats': 'compiled-at-build.cjs',
  'fast-json-stringify': 'compiled-at-build.cjs',
  '@fastify/ajv-compiler': 'compiled-at-build.cjs',
  '@fastify/fast-json-stringify-compiler': 'compiled-at-build.cjs',
  yaml: 'yaml-as-json.cjs',
  glob: 'no-glob.cjs'
}

/** The generated validators and serializers in place of src/precompiled-schemas.ts, and the replaced packages. */
function lambdaModules (precompiledSchemas: string): Plugin {
  const packages = new RegExp(`^(${Object.keys(REPLACED_PACKAGES).map((name) => name.replace('/', '\\/')).join('|')})$`)
  return {
    name: 'lambda-modules',
    setup (build) {
      build.onResolve({ filter: /precompiled-schemas\.ts$/ }, () => ({ path: 'precompiled-schemas', namespace: 'generated' }))
      build.onLoad({ filter: /.*/, namespace: 'generated' }, () => ({ contents: precompiledSchemas, loader: 'js', resolveDir: PROJECT_ROOT }))
      build.onResolve({ filter: packages }, ({ path }) => ({ path: join(PROJECT_ROOT, 'scripts/bundle', REPLACED_PACKAGES[path]) }))
    }
  }
}

export async function buildLambda (outDir = LAMBDA_DIR): Promise<{ warnings: string[] }> {
  await rm(outDir, { recursive: true, force: true })
  // Validators and serializers generated now, so that the function's init phase compiles no schema.
  const modules = lambdaModules(await precompiledSchemasModule())
  const warnings = await bundle('src/lambda.ts', join(outDir, 'index.mjs'), { BUNDLED_DOCS_ASSETS: JSON.stringify(`./${DOCS_DIR}/`) }, [modules])
  const assets = docsAssets()
  const docs = join(outDir, DOCS_DIR)
  await mkdir(docs, { recursive: true })
  await cp(assets.swaggerUiDir, join(docs, BUNDLED_LAYOUT.swaggerUiDir), {
    recursive: true,
    filter: (source) => !UNUSED_SWAGGER_UI_FILES.has(source.slice(assets.swaggerUiDir.length + 1))
  })
  await cp(assets.redocBundle, join(docs, BUNDLED_LAYOUT.redocBundle))
  // Marks the folder as ES modules for tools that look for it; index.mjs needs no marker.
  await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n')
  return { warnings }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { warnings } = await buildLambda(process.argv[2])
  for (const warning of warnings) console.warn(`warning: ${warning}`)
  console.log(`built ${process.argv[2] ?? LAMBDA_DIR}`)
}
