// npm run architecture: the picture of src/'s layers, drawn from its real imports by dependency-cruiser (each folder a
// box, an arrow where one imports another, the arrows that others already imply left out) as a Mermaid flowchart,
// written into docs/architecture.md and README.md between their markers. The tests hold both to the code.
import { cruise, type ICruiseOptions } from 'dependency-cruiser'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'
import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

/** The files the picture is drawn into, between these markers. */
export const PICTURED_IN = ['docs/architecture.md', 'README.md']
export const MARKERS = ['<!-- architecture: drawn by npm run architecture -->', '<!-- end of architecture -->'] as const

/** Each layer's label in the picture, by its folder or root file. */
const LABELS: Record<string, string> = {
  'platforms/aws': 'platforms/aws: the Lambda entries',
  'platforms/azure': 'platforms/azure: the Azure Functions entries',
  handlers: 'handlers: each function\'s work',
  'app.ts': 'app.ts: the app factory',
  http: 'http: Fastify plugins, routes, schemas',
  adapters: 'adapters: DynamoDB, Cosmos DB, S3, SQS, OpenSearch',
  items: 'items',
  orders: 'orders',
  images: 'images',
  reports: 'reports',
  shared: 'shared: errors, ports, cursors, context',
  'config.ts': 'config.ts',
  'logger.ts': 'logger.ts'
}

interface Cruised { modules: Array<{ source: string, dependencies: Array<{ resolved: string }> }> }

/** src/'s layers and which imports which, as dependency-cruiser finds them with the rules' own options. */
export async function layerGraph (): Promise<Map<string, Set<string>>> {
  const { options } = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as { options: ICruiseOptions }
  const { output } = await cruise(['src'], {
    ...options, includeOnly: '^src', collapse: '^src/(platforms/[^/]+|[^/]+)/', outputType: 'json'
  }, {}, { tsConfig: extractTSConfig('tsconfig.json') })
  const name = (path: string): string => path.replace(/^src\//, '').replace(/\/$/, '')
  const graph = new Map<string, Set<string>>()
  for (const module of (JSON.parse(output as string) as Cruised).modules) {
    graph.set(name(module.source), new Set(module.dependencies.map((dependency) => name(dependency.resolved))))
  }
  return graph
}

/** The graph without the arrows a longer path already draws: A → C goes when A → B → … → C does. */
export function withoutImplied (graph: Map<string, Set<string>>): Map<string, Set<string>> {
  const reaches = (from: string, to: string, skip: string): boolean => {
    const seen = new Set<string>()
    const stack = [...(graph.get(from) ?? [])].filter((next) => next !== skip)
    while (stack.length > 0) {
      const node = stack.pop()!
      if (node === to) return true
      if (seen.has(node)) continue
      seen.add(node)
      stack.push(...(graph.get(node) ?? []))
    }
    return false
  }
  return new Map([...graph].map(([from, targets]) => [from, new Set([...targets].filter((to) => !reaches(from, to, to)))]))
}

/** The Mermaid flowchart of the layers, each arrow pointing from the importer to what it imports. */
export function mermaid (graph: Map<string, Set<string>>): string {
  const nodes = Object.keys(LABELS).filter((node) => graph.has(node))
  const missing = [...graph.keys()].filter((node) => !(node in LABELS))
  if (missing.length > 0) throw new Error(`scripts/draw-architecture.ts has no label for ${missing.join(', ')}`)
  const id = (node: string): string => node.replace(/[^a-z]/gi, '_')
  const lines = ['```mermaid', 'flowchart TD']
  for (const node of nodes) lines.push(`  ${id(node)}["${LABELS[node]}"]`)
  for (const from of nodes) {
    for (const to of [...graph.get(from)!].sort((a, b) => nodes.indexOf(a) - nodes.indexOf(b))) lines.push(`  ${id(from)} --> ${id(to)}`)
  }
  lines.push('```')
  return lines.join('\n')
}

/** `text` with the picture between its markers replaced by `picture`. */
export function withPicture (text: string, picture: string): string {
  const start = text.indexOf(MARKERS[0])
  const end = text.indexOf(MARKERS[1])
  if (start === -1 || end < start) throw new Error(`no ${MARKERS[0]} … ${MARKERS[1]} markers`)
  return `${text.slice(0, start + MARKERS[0].length)}\n${picture}\n${text.slice(end)}`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const picture = mermaid(withoutImplied(await layerGraph()))
  for (const file of PICTURED_IN) await writeFile(file, withPicture(await readFile(file, 'utf8'), picture))
  console.log(`drawn into ${PICTURED_IN.join(' and ')}`)
}
