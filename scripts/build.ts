// npm run build: the Lambda artifact in dist/lambda: a small ES module entry (index.mjs) with the app in a chunk
// beside it, their source maps, the recorded docs, and Node's compile cache for the runtime when one can be made;
// and each event function's artifact in dist/functions. What the API function imports from the build (the docs as
// recorded, the precompiled validators) is generated first into src/platforms/aws/generated/, then bundled from there.
// Then the Azure function app's package in dist/azure (scripts/azure-package.ts).
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Metafile } from 'esbuild'
import type { DocsSnapshot } from '../src/http/plugins/prebuilt-docs.ts'
import { docsSnapshotModule, recordDocs } from './record-docs.ts'
import { lambdaRuntimeNode, makeCompileCache } from './record-compile-cache.ts'
import { precompiledSchemasModule } from './precompile-schemas.ts'
import { externalPackages, lambdaModules, SEPARATELY_BUNDLED, separateBundleName, separatelyBundled } from './bundle-plugins.ts'
import { bundle, copyInstalledPackages } from './bundle-entries.ts'
import { AZURE_DIR, buildAzurePackage } from './azure-package.ts'

export const LAMBDA_DIR = 'dist/lambda'
/** The event-driven functions' artifacts, one folder each. */
export const FUNCTIONS_DIR = 'dist/functions'

/** The API function's entry, and the folder the build generates what it imports from the build into. */
export const API_ENTRY = 'src/platforms/aws/functions/api.ts'
export const GENERATED_DIR = 'src/platforms/aws/generated'

/** Each event-driven function and its entry: bundled alone, with only what that entry imports. */
export const FUNCTIONS = {
  'order-stream': 'src/platforms/aws/functions/order-stream.ts',
  'order-worker': 'src/platforms/aws/functions/order-worker.ts',
  'daily-report': 'src/platforms/aws/functions/daily-report.ts',
  thumbnails: 'src/platforms/aws/functions/thumbnails.ts'
} as const
export type FunctionName = keyof typeof FUNCTIONS

/**
 * Native packages a function loads from node_modules beside its bundle: installed for the Lambda runtime (linux-arm64,
 * glibc) into lambda-deps/{function} by `npm install` (the root's postinstall), and copied into that function's
 * artifact only.
 */
export const NATIVE_PACKAGES: Partial<Record<FunctionName, string[]>> = { thumbnails: ['sharp'] }
export const LAMBDA_DEPS_DIR = 'lambda-deps'
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface LambdaBuild {
  warnings: string[]
  metafile: Metafile
  docs: DocsSnapshot
  /** The Node the shipped compile cache was made by, `v24.x.y arm64`; none without a cache. */
  compileCache?: string
}

export interface BuildOptions {
  /** The Node command that makes the compile cache (scripts/record-compile-cache.ts); none: the artifact ships without one. */
  compileCacheNode?: string[]
}

/**
 * Generates what the API function imports from the build (src/platforms/aws/generated/*.d.cts say what), the docs'
 * bodies going into `outDir`: so that the function's init phase generates no document, validator or serializer. Each
 * file is written whole and then moved into place: a test importing it meanwhile never reads half of one.
 */
export async function generateApiModules (outDir: string): Promise<DocsSnapshot> {
  const docs = await recordDocs(outDir)
  await mkdir(GENERATED_DIR, { recursive: true })
  // Data made by the build, not code to cover: coverage leaves each whole module out (tap, as c8, reads the hint).
  const notCovered = '/* c8 ignore start */\n'
  const modules = {
    'docs-snapshot.cjs': notCovered + docsSnapshotModule(docs),
    'precompiled-schemas.cjs': notCovered + await precompiledSchemasModule()
  }
  for (const [file, source] of Object.entries(modules)) {
    const written = join(GENERATED_DIR, `.${file}.${process.pid}.tmp`)
    await writeFile(written, source)
    await rename(written, join(GENERATED_DIR, file))
  }
  return docs
}

export async function buildLambda (outDir = LAMBDA_DIR, options: BuildOptions = {}): Promise<LambdaBuild> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const docs = await generateApiModules(outDir)
  const result = await bundle(API_ENTRY, outDir, [lambdaModules, separatelyBundled(PROJECT_ROOT)])
  for (const file of SEPARATELY_BUNDLED) {
    const separate = await bundle(file, outDir, [lambdaModules], { name: separateBundleName(file), splitting: false })
    result.warnings.push(...separate.warnings)
    Object.assign(result.metafile.outputs, separate.metafile.outputs)
    Object.assign(result.metafile.inputs, separate.metafile.inputs)
  }
  // Marks the folder as ES modules for tools that look for it; the .mjs files need no marker.
  await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n')
  const compileCache = options.compileCacheNode === undefined ? undefined : await makeCompileCache(outDir, options.compileCacheNode)
  return { ...result, docs, compileCache }
}

/** One event-driven function's artifact in `outDir`: its entry's bundle, with the same replaced modules as the API's. */
export async function buildFunction (name: FunctionName, outDir = join(FUNCTIONS_DIR, name),
  options: { depsDir?: string } = {}): Promise<{ warnings: string[], metafile: Metafile }> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const natives = NATIVE_PACKAGES[name] ?? []
  const result = await bundle(FUNCTIONS[name], outDir, [lambdaModules, ...(natives.length > 0 ? [externalPackages(natives)] : [])])
  await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n')
  if (natives.length > 0) {
    const installed = { dir: join(options.depsDir ?? join(PROJECT_ROOT, LAMBDA_DEPS_DIR), name), folder: `${LAMBDA_DEPS_DIR}/${name}`, platform: 'linux-arm64' }
    await copyInstalledPackages(natives, outDir, installed)
  }
  return result
}

/** Every event-driven function, each in its folder under `outDir`. */
export async function buildFunctions (outDir = FUNCTIONS_DIR): Promise<Record<FunctionName, { warnings: string[], metafile: Metafile }>> {
  const names = Object.keys(FUNCTIONS) as FunctionName[]
  const built = await Promise.all(names.map(async (name) => await buildFunction(name, join(outDir, name))))
  return Object.fromEntries(names.map((name, index) => [name, built[index]])) as Record<FunctionName, { warnings: string[], metafile: Metafile }>
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // The build makes the app to record its docs, which constructs AWS SDK clients; on Node 20 the SDK then warns that
  // its releases after January 2027 need Node 22, nine lines about upgrading the SDK, not about this build. Off for
  // this process and those it starts; the functions it builds read their own environment and keep the warning.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  // `--api`: the API's artifact alone (the container image has nothing else); otherwise every function's, and Azure's.
  const apiOnly = process.argv.includes('--api')
  const [lambdaDir, functionsDir, azureDir] = process.argv.slice(2).filter((argument) => argument !== '--api')
  const node = lambdaRuntimeNode()
  const { warnings, compileCache } = await buildLambda(lambdaDir, { compileCacheNode: node })
  const functions: Partial<Awaited<ReturnType<typeof buildFunctions>>> = apiOnly ? {} : await buildFunctions(functionsDir)
  const azure = apiOnly ? undefined : await buildAzurePackage(azureDir)
  const built = [...Object.values(functions), azure]
  for (const warning of [...warnings, ...built.flatMap((artifact) => artifact?.warnings ?? [])]) console.warn(`warning: ${warning}`)
  console.log(`built ${lambdaDir ?? LAMBDA_DIR}${apiOnly ? '' : `, ${functionsDir ?? FUNCTIONS_DIR} and ${azureDir ?? AZURE_DIR}`}, ` + (compileCache === undefined
    ? 'without a compile cache: the runtime\'s Node (linux-arm64) cannot run here (install qemu-user, libc6-arm64-cross and libstdc++6-arm64-cross)'
    : `with a compile cache for Node ${compileCache}`))
}
