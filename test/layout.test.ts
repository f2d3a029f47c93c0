// The layout's own rules, held by the suite (docs/architecture.md): one name for one thing, small files, a README in
// each folder of src/ saying what belongs there. The import rules are dependency-cruiser's (npm run deps).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import t from 'tap'

const tracked = (...paths: string[]): string[] =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...paths], { encoding: 'utf8' }).split('\n').filter((file) => file !== '' && existsSync(file))
const code = tracked('src', 'local', 'scripts', 'bench', 'test').filter((file) => /\.(ts|cjs|mjs|js)$/.test(file))
const shipped = code.filter((file) => !file.startsWith('test/'))

t.test('no two files of the code share a name', async (t) => {
  const byName = new Map<string, string[]>()
  for (const file of shipped) byName.set(basename(file), [...(byName.get(basename(file)) ?? []), file])
  t.same([...byName.values()].filter((files) => files.length > 1), [])
})

t.test('no name is exported by two modules, but the handler of Lambda entries', async (t) => {
  const byName = new Map<string, Set<string>>()
  for (const file of shipped.filter((file) => file.endsWith('.ts'))) {
    for (const [, name] of readFileSync(file, 'utf8').matchAll(/^export (?:declare )?(?:interface|type|class|const|let|function|async function|enum) (\w+)/gm)) {
      byName.set(name, (byName.get(name) ?? new Set()).add(file))
    }
  }
  // Lambda calls every entry's export `handler`: the functions' (the API's from its app module) and the bench's baselines.
  const lambdaEntry = (file: string): boolean => file.startsWith('src/platforms/aws/functions/') || file === 'src/platforms/aws/api-app.ts' || /^bench\/[\w-]+-handler\.ts$/.test(file)
  const shared = [...byName].filter(([name, files]) => files.size > 1 && !(name === 'handler' && [...files].every(lambdaEntry)))
  t.same(shared.map(([name, files]) => `${name}: ${[...files].join(', ')}`), [])
})

t.test('no code file is longer than 250 lines', async (t) => {
  t.same(code.map((file) => [file, readFileSync(file, 'utf8').split('\n').length - 1]).filter(([, lines]) => (lines as number) > 250), [])
})

t.test('src/ holds the app factory, the config and the logger at its root, and a README in each folder', async (t) => {
  const root = readdirSync('src', { withFileTypes: true })
  t.same(root.filter((entry) => entry.isFile()).map((entry) => entry.name).sort(), ['README.md', 'app.ts', 'config.ts', 'logger.ts'])
  for (const folder of root.filter((entry) => entry.isDirectory())) t.ok(existsSync(`src/${folder.name}/README.md`), `src/${folder.name}/README.md`)
})
