// Summarises a V8 CPU profile (node --cpu-prof) by function and by package: frames in a bundle are mapped back to
// their sources through the .map file beside it. Usage: node bench/profile-summary.mjs PROFILE.cpuprofile [ROWS]
import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const rows = Number(process.argv[3] ?? 30)
const maps = new Map()

function mapFor (url) {
  if (!url.startsWith('file://')) return undefined
  if (!maps.has(url)) {
    const file = `${fileURLToPath(url)}.map`
    maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : undefined)
  }
  return maps.get(url)
}

/** A frame's name and the package it belongs to (`src` for the project, `node:…` for Node's own). */
function where (frame) {
  const entry = frame.lineNumber >= 0 ? mapFor(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) : undefined
  if (entry?.originalSource) {
    const source = entry.originalSource.replace(/.*node_modules\//, '')
    return [`${frame.functionName || '(anonymous)'} ${source}:${entry.originalLine + 1}`, source.startsWith('..') ? 'src' : /^(@[^/]+\/)?[^/]+/.exec(source)[0]]
  }
  const file = frame.url.split('/').pop()
  return [`${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber}`, frame.url.startsWith('file:') ? file : `node:${frame.functionName || '(vm)'}`]
}

const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
const byFunction = new Map()
const byPackage = new Map()
let total = 0
profile.samples.forEach((id, index) => {
  const [name, pkg] = where(nodes.get(id).callFrame)
  const micros = profile.timeDeltas[index]
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros)
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros)
  total += micros
})
const print = (entries) => {
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${(micros / 1000).toFixed(1).padStart(8)} ms  ${name}`)
}
console.log(`${(total / 1000).toFixed(1)} ms sampled\n-- self time by function`)
print(byFunction)
console.log('-- self time by package')
print(byPackage)
