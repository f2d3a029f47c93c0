// The S3 adapters' bundle of their own: found by the file an import resolves to, and the build fails when the app
// imports them at init or not at all, rather than shipping them where the init loads them or a bundle nothing loads.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import t from 'tap'
import { SEPARATELY_BUNDLED, separatelyBundled } from '../../scripts/bundle-plugins.ts'
import { temporaryDirectory } from '../helper.ts'

/** Bundles `entry` (the source of src/app-entry.ts) in a project whose separately bundled modules are stubs. */
async function bundleEntry (t: Parameters<typeof temporaryDirectory>[0], entry: string): Promise<string> {
  const root = await temporaryDirectory(t)
  for (const file of SEPARATELY_BUNDLED) {
    await mkdir(join(root, file, '..'), { recursive: true })
    await writeFile(join(root, file), 'export const loaded = true\n')
  }
  await writeFile(join(root, 'src/app-entry.ts'), entry)
  await build({
    entryPoints: [join(root, 'src/app-entry.ts')],
    outdir: join(root, 'out'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    splitting: true,
    plugins: [separatelyBundled(root)],
    logLevel: 'silent'
  })
  return await readFile(join(root, 'out/app-entry.js'), 'utf8')
}

t.test('imported on first use, the module is left to its own bundle, whatever the path says', async (t) => {
  const output = await bundleEntry(t, "export const s3 = async () => await import('./adapters/s3/../s3/s3-adapters.ts')\n")
  t.match(output, /import\("\.\/s3-adapters\.mjs"\)/)
  t.notMatch(output, /loaded = true/, 'none of it in the app\'s bundle')
})

t.test('imported at init, or no longer imported, the build fails and says why', async (t) => {
  await t.rejects(bundleEntry(t, "export { loaded } from './adapters/s3/s3-adapters.ts'\n"), /s3-adapters\.ts is bundled on its own: import it with import\(\)/)
  await t.rejects(bundleEntry(t, 'export const nothing = 1\n'), /bundles src\/adapters\/s3\/s3-adapters\.ts on its own, and the app no longer imports it/)
})
