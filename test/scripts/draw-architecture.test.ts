// The architecture picture: drawn from src/'s real imports, and the one in the docs is the one the code draws today.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { layerGraph, MARKERS, mermaid, PICTURED_IN, withoutImplied, withPicture } from '../../scripts/draw-architecture.ts'

const graph = (edges: Record<string, string[]>): Map<string, Set<string>> =>
  new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]))

t.test('an arrow that a longer path already draws is left out; the others stay', async (t) => {
  const reduced = withoutImplied(graph({ handlers: ['items', 'shared'], items: ['shared'], shared: [] }))
  t.same([...reduced.get('handlers')!], ['items'])
  t.same([...reduced.get('items')!], ['shared'])
})

t.test('a layer the picture has no label for fails the drawing, naming it', async (t) => {
  t.throws(() => mermaid(graph({ items: ['gadgets'], gadgets: [] })), /no label for gadgets/)
  t.match(mermaid(graph({ items: ['shared'], shared: [] })), /items --> shared/)
})

t.test('the picture replaces only what stands between the markers', async (t) => {
  const text = `before\n${MARKERS[0]}\nold picture\n${MARKERS[1]}\nafter\n`
  t.equal(withPicture(text, 'new'), `before\n${MARKERS[0]}\nnew\n${MARKERS[1]}\nafter\n`)
  t.throws(() => withPicture('no markers here', 'new'), /no <!-- architecture/)
})

t.test('the layers import one way: the platform at the top, shared at the bottom', async (t) => {
  const layers = await layerGraph()
  t.ok(layers.get('platforms/aws')!.has('handlers'))
  t.same([...layers.get('shared')!], [], 'shared imports no other layer')
  for (const feature of ['items', 'orders', 'images', 'reports']) {
    t.notOk([...layers.get(feature)!].some((to) => ['http', 'handlers', 'adapters', 'platforms/aws'].includes(to)), `${feature} imports no outer layer`)
  }
})

t.test('README.md and docs/architecture.md show the picture the code draws today (npm run architecture)', async (t) => {
  const picture = mermaid(withoutImplied(await layerGraph()))
  for (const file of PICTURED_IN) {
    const text = await readFile(new URL(`../../${file}`, import.meta.url), 'utf8')
    t.equal(withPicture(text, picture), text, `${file} is current`)
  }
})
