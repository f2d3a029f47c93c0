// What `npm run build` makes in the function app's package for the API (scripts/azure-package.ts), beside the entries:
// the docs as recorded and every route schema's validator and serializer, so that the API's start generates no
// document and compiles no schema. Neither depends on the platform: the same routes, the same authentication settings.
import { existsSync, readFileSync } from 'node:fs'
import type { DocsPlugin } from '../../http/plugins/docs-plugin.ts'
import { recordedDocs, type DocsSnapshot } from '../../http/plugins/prebuilt-docs.ts'
import type { PrecompiledSchemas } from '../../http/plugins/schema-compilers.ts'

/** The recording's index in the package, beside host.json: each docs route's status, headers and body file. */
export const RECORDED_DOCS_FILE = 'recorded-docs.json'
/** The validators and serializers, bundled: an ES module whose default export holds `precompiledSchemas`. */
export const PRECOMPILED_SCHEMAS_FILE = 'precompiled-schemas.mjs'

/**
 * The docs as recorded in the package whose root is `packageRoot` (the entry's `..`); none where nothing was recorded,
 * as when the entry runs from source: the app then generates them as it starts.
 */
export function packagedDocs (packageRoot: URL): DocsPlugin | undefined {
  const index = new URL(RECORDED_DOCS_FILE, packageRoot)
  if (!existsSync(index)) return undefined
  return recordedDocs(JSON.parse(readFileSync(index, 'utf8')) as DocsSnapshot, index.href)
}

/** The validators and serializers built into the package; none from source, where the app compiles them as it starts. */
export async function packagedSchemas (packageRoot: URL): Promise<PrecompiledSchemas | undefined> {
  const module = new URL(PRECOMPILED_SCHEMAS_FILE, packageRoot)
  if (!existsSync(module)) return undefined
  return ((await import(module.href)) as { default: { precompiledSchemas: PrecompiledSchemas } }).default.precompiledSchemas
}
