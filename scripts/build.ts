// npm run build: the Lambda artifact in dist/lambda: a small ES module entry (index.mjs) with the app in a chunk
// beside it, their source maps, the recorded docs, and Node's compile cache for the runtime when one can be made.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type Metafile, type Plugin } from 'esbuild'
import type { DocsSnapshot } from '../src/http/plugins/prebuilt-docs.ts'
import { precompiledDocsModule, recordDocs } from './record-docs.ts'
import { lambdaRuntimeNode, makeCompileCache } from './record-compile-cache.ts'
import { precompiledSchemasModule } from './precompile-schemas.ts'

export const LAMBDA_DIR = 'dist/lambda'
/** The event-driven functions' artifacts, one folder each. */
export const FUNCTIONS_DIR = 'dist/functions'

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

/**
 * Bundles one entry into `outDir/index.mjs` the way the Lambda artifact is bundled (the benchmarks' baselines are built
 * the same way). What is imported dynamically goes into chunks of its own, loaded only when first needed.
 */
export async function bundle (entry: string, outDir: string, plugins: Plugin[] = [], options: { name?: string, splitting?: boolean } = {}):
Promise<{ warnings: string[], metafile: Metafile }> {
  plugins = [builtinsByRequire, ...plugins]
  const result = await build({
    entryPoints: { [options.name ?? 'index']: entry },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    splitting: options.splitting ?? true,
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
    metafile: true,
    plugins,
    // CommonJS dependencies call require() for Node's built-in modules; an ES module has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'silent'
  })
  return { warnings: result.warnings.map((warning) => warning.text), metafile: result.metafile }
}

/**
 * Node's built-in modules through require(), not `import`: an ES module import of `node:http` builds its namespace,
 * which runs every lazy getter of the module (undici's fetch and WebSocket among them, ~18 ms of the init); required,
 * only the members used are read.
 */
const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup (build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, ({ path, namespace }) => {
      if (!isBuiltin(path)) return undefined
      // The require() inside the stand-in below is Node's own, left to run.
      return namespace === 'builtin' ? { path, external: true } : { path: path.replace(/^node:/, ''), namespace: 'builtin' }
    })
    // The bundle's banner defines require for ES module output (createRequire).
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({ contents: `module.exports = require(${JSON.stringify(`node:${path}`)})`, loader: 'js' }))
  }
}

/**
 * What the function loads but never uses as a whole, each replaced by a few lines in scripts/bundle/ that say why.
 */
export const REPLACED_MODULES: Record<string, string> = {
  ajv: 'compiled-at-build.cjs',
  'ajv-formats': 'compiled-at-build.cjs',
  'fast-json-stringify': 'compiled-at-build.cjs',
  '@fastify/ajv-compiler': 'compiled-at-build.cjs',
  '@fastify/fast-json-stringify-compiler': 'compiled-at-build.cjs',
  semver: 'checked-at-build.cjs',
  'safe-regex2': 'regex-checked-at-build.cjs',
  '@aws-sdk/credential-provider-sso': 'not-on-lambda.cjs',
  '@aws-sdk/credential-provider-ini': 'not-on-lambda.cjs',
  '@aws-sdk/credential-provider-process': 'not-on-lambda.cjs',
  '@aws-sdk/credential-provider-web-identity': 'not-on-lambda.cjs',
  '@aws-sdk/credential-provider-login': 'not-on-lambda.cjs',
  '@aws-sdk/credential-provider-http': 'not-on-lambda.cjs',
  '@smithy/credential-provider-imds': 'not-on-lambda.cjs',
  '@aws-sdk/nested-clients/sts': 'not-on-lambda.cjs',
  '@aws-sdk/nested-clients/signin': 'not-on-lambda.cjs',
  '@aws-sdk/nested-clients/sso-oidc': 'not-on-lambda.cjs',
  '@smithy/core/event-streams': 'not-on-lambda.cjs',
  bowser: 'not-on-lambda.cjs',
  'thread-stream': 'not-on-lambda.cjs',
  // The docs are recorded at build time; the plugins that generate them (and @fastify/swagger, @fastify/swagger-ui,
  // @fastify/static with them) are not in the bundle.
  './plugins/openapi.ts': 'docs-recorded-at-build.cjs',
  './plugins/docs.ts': 'docs-recorded-at-build.cjs'
}

/**
 * A schema module (src/schemas/*.ts) as the data it exports: the schemas are built with TypeBox at build time and
 * shipped as JSON, so the bundle carries no TypeBox and its init builds no schema. Such a module exports data only.
 */
export async function schemaModuleAsJson (file: string): Promise<string> {
  const exports = await import(pathToFileURL(file).href) as Record<string, unknown>
  return Object.entries(exports).map(([name, value]) => {
    if (typeof value === 'function') throw new Error(`${file} exports the function ${name}: a schema module exports data only`)
    // JSON.parse of a string literal: V8 reads JSON faster than it compiles the same object literal.
    return `export const ${name} = JSON.parse(${JSON.stringify(JSON.stringify(value))})\n`
  }).join('')
}

/** The build's generated modules in place of src/precompiled-*.ts, the schema modules as JSON, and the replaced modules. */
/** A module specifier as a literal part of a regular expression. */
const escape = (name: string): string => name.replace(/[/.]/g, (character) => `\\${character}`)

function lambdaModules (generated: Record<string, string>): Plugin {
  const replaced = new RegExp(`^(${Object.keys(REPLACED_MODULES).map(escape).join('|')})$`)
  return {
    name: 'lambda-modules',
    setup (build) {
      build.onResolve({ filter: /precompiled-(schemas|docs)\.ts$/ }, ({ path }) => ({ path: /precompiled-[a-z]+/.exec(path)![0], namespace: 'generated' }))
      build.onLoad({ filter: /.*/, namespace: 'generated' }, ({ path }) => ({ contents: generated[path], loader: 'js', resolveDir: PROJECT_ROOT }))
      build.onResolve({ filter: replaced }, ({ path }) => ({ path: join(PROJECT_ROOT, 'scripts/bundle', REPLACED_MODULES[path]) }))
      build.onLoad({ filter: /[\\/]src[\\/]schemas[\\/][^\\/]+\.ts$/ }, async ({ path }) => ({ contents: await schemaModuleAsJson(path), loader: 'js' }))
    }
  }
}

/**
 * Modules the API imports on first use that are bundled alone, beside its entry: split with the rest, the code they
 * share with the init's modules (the SDK's core, for S3's client) would join the chunks the init loads.
 */
export const SEPARATE_MODULES: Record<string, string> = { './s3-adapters.ts': 'src/adapters/s3/s3-adapters.ts' }

/** Leaves each separately bundled module to be imported at run time from its own file. */
const separateModules: Plugin = {
  name: 'separate-modules',
  setup (build) {
    build.onResolve({ filter: new RegExp(`^(${Object.keys(SEPARATE_MODULES).map(escape).join('|')})$`) }, ({ path }) =>
      ({ path: path.replace(/\.ts$/, '.mjs'), external: true }))
  }
}

export interface LambdaBuild {
  warnings: string[]
  metafile: Metafile
  docs: DocsSnapshot
  /** The Node the shipped compile cache was made by, `v24.x.y arm64`; none without a cache. */
  compileCache?: string
}

export interface BuildOptions {
  /** The Node command that makes the compile cache (scripts/compile-cache.ts); none: the artifact ships without one. */
  compileCacheNode?: string[]
}

export async function buildLambda (outDir = LAMBDA_DIR, options: BuildOptions = {}): Promise<LambdaBuild> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  // Validators, serializers and the docs generated now, so that the function's init phase generates none of them.
  const docs = await recordDocs(outDir)
  const generated = { 'precompiled-schemas': await precompiledSchemasModule(), 'precompiled-docs': precompiledDocsModule(docs) }
  const result = await bundle('src/platforms/aws/functions/api.ts', outDir, [lambdaModules(generated), separateModules])
  for (const [specifier, file] of Object.entries(SEPARATE_MODULES)) {
    const separate = await bundle(file, outDir, [lambdaModules(generated)], { name: specifier.replace(/^\.\/|\.ts$/g, ''), splitting: false })
    result.warnings.push(...separate.warnings)
  }
  // Marks the folder as ES modules for tools that look for it; the .mjs files need no marker.
  await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n')
  const compileCache = options.compileCacheNode === undefined ? undefined : await makeCompileCache(outDir, options.compileCacheNode)
  return { ...result, docs, compileCache }
}

/** Leaves the named packages to be imported from node_modules at run time. */
const externalPackages = (names: string[]): Plugin => ({
  name: 'native-packages',
  setup (build) {
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, ({ path }) => ({ path, external: true }))
  }
})

const versionOf = async (folder: string, name: string): Promise<string> =>
  (JSON.parse(await readFile(join(folder, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

/**
 * Copies a function's native packages, as installed for Lambda, into its artifact: without the C++ sources and type
 * declarations, which nothing loads. Each must be the version the tests ran here.
 */
async function copyNativePackages (name: FunctionName, names: string[], outDir: string, depsDir: string): Promise<void> {
  const installed = join(depsDir, name)
  for (const packageName of names) {
    const [forLambda, here] = await Promise.all([versionOf(installed, packageName), versionOf(PROJECT_ROOT, packageName)]).catch((error: unknown) => {
      throw new Error(`${LAMBDA_DEPS_DIR}/${name}/node_modules lacks ${packageName}: run npm install (its postinstall installs it for linux-arm64)`, { cause: error })
    })
    if (forLambda !== here) throw new Error(`${packageName} ${forLambda} in ${LAMBDA_DEPS_DIR}/${name} is not the ${here} the tests use: set both to one version`)
  }
  await cp(join(installed, 'node_modules'), join(outDir, 'node_modules'), {
    recursive: true,
    filter: (source) => !/node_modules[\\/]sharp[\\/]src([\\/]|$)|\.d\.[cm]?ts$|[\\/]\.package-lock\.json$/.test(source)
  })
}

/** One event-driven function's artifact in `outDir`: its entry's bundle, with the same replaced modules as the API's. */
export async function buildFunction (name: FunctionName, outDir = join(FUNCTIONS_DIR, name),
  options: { depsDir?: string } = {}): Promise<{ warnings: string[], metafile: Metafile }> {
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const natives = NATIVE_PACKAGES[name] ?? []
  const result = await bundle(FUNCTIONS[name], outDir, [lambdaModules({}), ...(natives.length > 0 ? [externalPackages(natives)] : [])])
  await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n')
  if (natives.length > 0) await copyNativePackages(name, natives, outDir, options.depsDir ?? join(PROJECT_ROOT, LAMBDA_DEPS_DIR))
  return result
}

/** Every event-driven function, each in its folder under `outDir`. */
export async function buildFunctions (outDir = FUNCTIONS_DIR): Promise<Record<FunctionName, { warnings: string[], metafile: Metafile }>> {
  const names = Object.keys(FUNCTIONS) as FunctionName[]
  const built = await Promise.all(names.map(async (name) => await buildFunction(name, join(outDir, name))))
  return Object.fromEntries(names.map((name, index) => [name, built[index]])) as Record<FunctionName, { warnings: string[], metafile: Metafile }>
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // `--api`: the API's artifact alone (the container image has nothing else); otherwise every function's too.
  const apiOnly = process.argv.includes('--api')
  const [lambdaDir, functionsDir] = process.argv.slice(2).filter((argument) => argument !== '--api')
  const node = lambdaRuntimeNode()
  const { warnings, compileCache } = await buildLambda(lambdaDir, { compileCacheNode: node })
  const functions: Partial<Awaited<ReturnType<typeof buildFunctions>>> = apiOnly ? {} : await buildFunctions(functionsDir)
  for (const warning of [...warnings, ...Object.values(functions).flatMap((built) => built?.warnings ?? [])]) console.warn(`warning: ${warning}`)
  console.log(`built ${lambdaDir ?? LAMBDA_DIR}${apiOnly ? '' : ` and ${functionsDir ?? FUNCTIONS_DIR}`}, ` + (compileCache === undefined
    ? 'without a compile cache: the runtime\'s Node (linux-arm64) cannot run here (install qemu-user, libc6-arm64-cross and libstdc++6-arm64-cross)'
    : `with a compile cache for Node ${compileCache}`))
}
