// The docs as the build recorded them. From source there are none: the docs plugins generate them at start-up.
// scripts/build.ts puts the recording (scripts/record-docs.ts) in this module's place in the Lambda bundle.
import type { DocsSnapshot } from './http/plugins/prebuilt-docs.ts'

export const precompiledDocs: DocsSnapshot | undefined = undefined
