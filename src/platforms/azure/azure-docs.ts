// The docs pages and OpenAPI documents in the function app's package: as `npm run build` recorded them beside the
// entries (scripts/azure-package.ts), so that the API's start generates no document and loads no docs plugin.
import { existsSync, readFileSync } from 'node:fs'
import { recordedDocs, type DocsSnapshot } from '../../http/plugins/prebuilt-docs.ts'
import type { DocsPlugin } from '../../http/plugins/docs-plugin.ts'

/** The recording's index in the package, beside host.json: each docs route's status, headers and body file. */
export const RECORDED_DOCS_FILE = 'recorded-docs.json'

/**
 * The docs as recorded in the package whose root is `packageRoot` (the entry's `..`); none where nothing was recorded,
 * as when the entry runs from source: the app then generates them as it starts.
 */
export function packagedDocs (packageRoot: URL): DocsPlugin | undefined {
  const index = new URL(RECORDED_DOCS_FILE, packageRoot)
  if (!existsSync(index)) return undefined
  return recordedDocs(JSON.parse(readFileSync(index, 'utf8')) as DocsSnapshot, index.href)
}
