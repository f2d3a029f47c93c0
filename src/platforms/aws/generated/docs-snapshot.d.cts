// What `npm run build` writes beside this file as docs-snapshot.cjs (scripts/record-docs.ts): the docs as recorded.
import type { DocsSnapshot } from '../../../http/plugins/prebuilt-docs.ts'

export declare const docsSnapshot: DocsSnapshot
