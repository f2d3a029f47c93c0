// The esbuild plugins every function's bundle is built with (scripts/build.ts): built-ins by require(), a few
// libraries replaced by what scripts/bundle/ says they are, schema modules as JSON, native packages left outside.
import { isBuiltin } from 'node:module'
import { basename, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Plugin } from 'esbuild'

/**
 * Node's built-in modules through require(), not `import`: an ES module import of `node:http` builds its namespace,
 * which runs every lazy getter of the module (undici's fetch and WebSocket among them, ~18 ms of the init); required,
 * only the members used are read. A dynamic import() is left as written: its caller reads the module's named exports
 * from the namespace it gets (the SDK's `await import("node:async_hooks")` for AsyncLocalStorage), which a CommonJS
 * stand-in would answer with `default` only.
 */
export const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup (build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, ({ path, namespace, kind }) => {
      if (!isBuiltin(path)) return undefined
      if (kind === 'dynamic-import') return { path, external: true }
      // The require() inside the stand-in below is Node's own, left to run.
      return namespace === 'builtin' ? { path, external: true } : { path: path.replace(/^node:/, ''), namespace: 'builtin' }
    })
    // The bundle's banner defines require for ES module output (createRequire).
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({ contents: `module.exports = require(${JSON.stringify(`node:${path}`)})`, loader: 'js' }))
  }
}

/**
 * Libraries the functions load but never use as a whole, each replaced by a few lines in scripts/bundle/ that say
 * why (test/scripts/precompile-schemas.test.ts holds each to what the bundle asks of it): the libraries offer no other
 * seam. Nothing of this project's own is replaced: what its code imports is what ships.
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
  'thread-stream': 'not-on-lambda.cjs'
}

/**
 * A schema module (src/http/schemas/*-schemas.ts) as the data it exports: the schemas are built with TypeBox at build
 * time and shipped as JSON, so the bundle carries no TypeBox and its init builds no schema. Such a module exports data
 * only.
 */
export async function schemaModuleAsJson (file: string): Promise<string> {
  const exports = await import(pathToFileURL(file).href) as Record<string, unknown>
  return Object.entries(exports).map(([name, value]) => {
    if (typeof value === 'function') throw new Error(`${file} exports the function ${name}: a schema module exports data only`)
    // JSON.parse of a string literal: V8 reads JSON faster than it compiles the same object literal.
    return `export const ${name} = JSON.parse(${JSON.stringify(JSON.stringify(value))})\n`
  }).join('')
}

/** A module specifier as a literal part of a regular expression. */
const escape = (name: string): string => name.replace(/[/.]/g, (character) => `\\${character}`)

/** The replaced libraries (REPLACED_MODULES), and the schema modules as JSON. */
export const lambdaModules: Plugin = {
  name: 'lambda-modules',
  setup (build) {
    const replaced = new RegExp(`^(${Object.keys(REPLACED_MODULES).map(escape).join('|')})$`)
    build.onResolve({ filter: replaced }, ({ path }) => ({ path: fileURLToPath(new URL(`bundle/${REPLACED_MODULES[path]}`, import.meta.url)) }))
    build.onLoad({ filter: /[\\/]src[\\/]http[\\/]schemas[\\/][^\\/]+-schemas\.ts$/ }, async ({ path }) => ({ contents: await schemaModuleAsJson(path), loader: 'js' }))
  }
}

/** Leaves the named packages to be imported from node_modules at run time. */
export const externalPackages = (names: string[]): Plugin => ({
  name: 'native-packages',
  setup (build) {
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, ({ path }) => ({ path, external: true }))
  }
})

/**
 * Modules the API loads on first use that are bundled on their own (src/adapters/s3/s3-adapters.ts: the S3 client
 * and its XML protocol, needed only by image and report routes). Split by esbuild as a chunk of the app's bundle, the
 * code they share with DynamoDB's client would pull their part of it into a chunk the init loads; bundled alone, they
 * carry their own copy, and the init loads none of it. Matched by the file an import resolves to, not by how it is
 * written; `separatelyBundled` fails the build when the app no longer imports one of them.
 */
export const SEPARATELY_BUNDLED = ['src/adapters/s3/s3-adapters.ts']

/** A separately bundled module's file in the artifact, beside the chunks that import it. */
export const separateBundleName = (file: string): string => basename(file).replace(/\.ts$/, '')

/** Leaves each dynamic import of a separately bundled module to load its own bundle at run time. */
export function separatelyBundled (projectRoot: string): Plugin {
  const files = new Map(SEPARATELY_BUNDLED.map((file) => [join(projectRoot, file), file]))
  return {
    name: 'separately-bundled',
    setup (build) {
      const seen = new Set<string>()
      build.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir, kind }) => {
        const file = files.get(join(resolveDir, path))
        if (file === undefined) return undefined
        if (kind !== 'dynamic-import') return { errors: [{ text: `${file} is bundled on its own: import it with import(), on first use` }] }
        seen.add(file)
        return { path: `./${separateBundleName(file)}.mjs`, external: true }
      })
      build.onEnd((result) => {
        const unused = SEPARATELY_BUNDLED.filter((file) => !seen.has(file))
        if (result.errors.length === 0 && unused.length > 0) {
          throw new Error(`scripts/bundle-plugins.ts bundles ${unused.join(', ')} on its own, and the app no longer imports it`)
        }
      })
    }
  }
}
