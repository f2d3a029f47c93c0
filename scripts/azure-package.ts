// npm run build: the function app's package in dist/azure, as Azure Functions runs it from the folder it deploys.
// host.json; a package.json whose `main` names the entries; the five entries (src/platforms/azure/functions/), built
// in one esbuild run as ES modules for Node 22, the code they share in chunks of their own, with their source maps;
// the docs as recorded from the app and its validators and serializers compiled, so that the API's start generates no
// document and compiles no schema (src/platforms/azure/azure-prebuilt.ts); and node_modules with what the
// entries import at run time, as npm installs it for Flex Consumption (Linux x64, glibc): the programming model's
// library and sharp.
import { copyFile, mkdir, rm, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Metafile } from 'esbuild'
import { PRECOMPILED_SCHEMAS_FILE, RECORDED_DOCS_FILE } from '../src/platforms/azure/azure-prebuilt.ts'
import { bundle, copyInstalledPackages } from './bundle-entries.ts'
import { externalPackages } from './bundle-plugins.ts'
import { precompiledSchemasModule } from './precompile-schemas.ts'
import { recordDocs } from './record-docs.ts'

export const AZURE_DIR = 'dist/azure'
export const AZURE_HOST_JSON = 'src/platforms/azure/host.json'

/** Each function's entry, by the name of its file in the package's functions/ folder. */
export const AZURE_FUNCTIONS = {
  'api-trigger': 'src/platforms/azure/functions/api-trigger.ts',
  'order-queue-trigger': 'src/platforms/azure/functions/order-queue-trigger.ts',
  'order-changes-trigger': 'src/platforms/azure/functions/order-changes-trigger.ts',
  'thumbnails-trigger': 'src/platforms/azure/functions/thumbnails-trigger.ts',
  'daily-report-trigger': 'src/platforms/azure/functions/daily-report-trigger.ts'
} as const

/**
 * What the worker loads at start: every file `main` matches, in one process (the v4 model's glob). The chunks are in
 * a folder of their own, so that it matches the entries alone.
 */
export const AZURE_MAIN = 'functions/*.mjs'
const CHUNKS = 'chunks/[name]-[hash]'

/**
 * Packages the entries import from node_modules rather than from their bundles. `@azure/functions`: the worker loads
 * all five entries into one process, and the library keeps the app's state in its module (the programming model it
 * hands the worker, `app.setup`'s HTTP streams); bundled, each entry would carry a copy of its own and the last one
 * loaded would answer the worker. From node_modules, one copy serves them all, and it finds `@azure/functions-core`,
 * the module the worker provides (no npm package), with its own require(). `sharp`: native, its build for the
 * platform beside it.
 */
export const AZURE_PACKAGES = ['@azure/functions', 'sharp']

/** Where `npm install` (the root's postinstall) installs AZURE_PACKAGES for Linux x64 with glibc. */
export const AZURE_DEPS_DIR = 'azure-deps/function-app'
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface AzurePackage {
  warnings: string[]
  metafile: Metafile
}

/** The package's package.json: the entries, as ES modules, and the packages its node_modules holds, at their versions. */
const packageJson = (dependencies: Record<string, string>): string =>
  JSON.stringify({ name: 'items-api-functions', private: true, type: 'module', main: AZURE_MAIN, dependencies }, null, 2) + '\n'

/** Builds the function app's package into `outDir`, its node_modules copied from `depsDir` (AZURE_DEPS_DIR). */
export async function buildAzurePackage (outDir = AZURE_DIR, options: { depsDir?: string } = {}): Promise<AzurePackage> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const installed = { dir: options.depsDir ?? join(PROJECT_ROOT, AZURE_DEPS_DIR), folder: AZURE_DEPS_DIR, platform: 'linux-x64 (glibc)' }
  await writeFile(join(outDir, 'package.json'), packageJson(await copyInstalledPackages(AZURE_PACKAGES, outDir, installed)))
  await copyFile(AZURE_HOST_JSON, join(outDir, 'host.json'))
  // The validators' module is generated into the package and bundled from there, the packages it requires (ajv's
  // runtime, the formats) found in the project's node_modules.
  const schemas = join(outDir, '.precompiled-schemas.cjs')
  await writeFile(schemas, await precompiledSchemasModule())
  const entries = {
    ...Object.fromEntries(Object.entries(AZURE_FUNCTIONS).map(([name, entry]) => [`functions/${name}`, entry])),
    [PRECOMPILED_SCHEMAS_FILE.replace(/\.mjs$/, '')]: schemas
  }
  const result = await bundle(entries, outDir, [externalPackages(AZURE_PACKAGES)], {
    chunkNames: CHUNKS, target: 'node22', nodePaths: [join(PROJECT_ROOT, 'node_modules')]
  })
  await unlink(schemas)
  await writeFile(join(outDir, RECORDED_DOCS_FILE), JSON.stringify(await recordDocs(outDir)))
  return result
}
