// How every artifact of `npm run build` is made: entries bundled by esbuild as ES modules with their source maps
// (scripts/build.ts for Lambda, scripts/azure-package.ts for the function app), and the packages an artifact loads
// from node_modules beside its bundles, copied from the folder npm installed them into for that platform.
import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile, type Plugin } from 'esbuild'
import { builtinsByRequire } from './bundle-plugins.ts'

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface BundleOptions {
  /** The output's name for a single entry: `index` unless given. */
  name?: string
  splitting?: boolean
  /** Where the chunks go, relative to the output folder: beside the entries unless given. */
  chunkNames?: string
  /** The oldest Node that runs the bundle: 20 unless given. */
  target?: string
  /** Where packages are looked up too, for an entry the build generated outside the project. */
  nodePaths?: string[]
}

/**
 * Bundles one entry into `outDir/index.mjs` the way the Lambda artifact is bundled (the benchmarks' baselines are built
 * the same way), or several entries, keyed by their outputs' names, in one build. What is imported dynamically, or by
 * more than one entry, goes into chunks of its own, loaded only when first needed and once per process.
 */
export async function bundle (entry: string | Record<string, string>, outDir: string, plugins: Plugin[] = [], options: BundleOptions = {}):
Promise<{ warnings: string[], metafile: Metafile }> {
  plugins = [builtinsByRequire, ...plugins]
  const result = await build({
    entryPoints: typeof entry === 'string' ? { [options.name ?? 'index']: entry } : entry,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: options.chunkNames ?? '[name]-[hash]',
    splitting: options.splitting ?? true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The Lambda runtime is Node 24; Node 20 is the oldest that runs the bundle (the benchmarks load it locally).
    target: options.target ?? 'node20',
    nodePaths: options.nodePaths,
    // ES module builds first: the AWS SDK's are smaller once tree-shaken.
    mainFields: ['module', 'main'],
    minify: true,
    // Names kept: error types and stack traces stay readable in CloudWatch and Application Insights.
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

/** Packages npm installed for a platform: the folder holding their node_modules, and what the build's messages call it. */
export interface InstalledPackages {
  dir: string
  /** The folder as the repository names it (`lambda-deps/thumbnails`). */
  folder: string
  /** The platform npm installed them for (`linux-arm64`). */
  platform: string
}

const versionOf = async (folder: string, name: string): Promise<string> =>
  (JSON.parse(await readFile(join(folder, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

/**
 * Copies packages, as installed for the platform, into an artifact's node_modules: without the sources and type
 * declarations, which nothing loads. Each must be the version the tests ran here; resolves with each one's version.
 */
export async function copyInstalledPackages (names: string[], outDir: string, installed: InstalledPackages): Promise<Record<string, string>> {
  const versions: Record<string, string> = {}
  for (const name of names) {
    const [forPlatform, here] = await Promise.all([versionOf(installed.dir, name), versionOf(PROJECT_ROOT, name)]).catch((error: unknown) => {
      throw new Error(`${installed.folder}/node_modules lacks ${name}: run npm install (its postinstall installs it for ${installed.platform})`, { cause: error })
    })
    if (forPlatform !== here) throw new Error(`${name} ${forPlatform} in ${installed.folder} is not the ${here} the tests use: set both to one version`)
    versions[name] = here
  }
  await cp(join(installed.dir, 'node_modules'), join(outDir, 'node_modules'), {
    recursive: true,
    filter: (source) => !/node_modules[\\/](sharp|@azure[\\/]functions)[\\/]src([\\/]|$)|\.d\.[cm]?ts$|[\\/]\.package-lock\.json$/.test(source)
  })
  return versions
}
