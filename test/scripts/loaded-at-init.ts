// Which outputs of a Lambda build its init loads, read from esbuild's metafile: the entry, the app it imports at
// init (the entry's one dynamic import), and every chunk they import statically. Chunks imported on first use
// (the token verifier, the OpenSearch client) are not among them.
import { relative } from 'node:path'
import type { Metafile } from 'esbuild'

export function loadedAtInit (metafile: Metafile, dir: string): string[] {
  const out = (file: string): string => relative(dir, file)
  const byName = new Map(Object.entries(metafile.outputs).map(([file, output]) => [out(file), output]))
  const loaded = new Set<string>()
  const visit = (name: string, follow: (kind: string) => boolean): void => {
    if (loaded.has(name)) return
    loaded.add(name)
    for (const imported of byName.get(name)?.imports ?? []) {
      if (!imported.external && follow(imported.kind)) visit(out(imported.path), (kind) => kind === 'import-statement')
    }
  }
  visit('index.mjs', (kind) => kind === 'import-statement' || kind === 'dynamic-import')
  return [...loaded]
}
