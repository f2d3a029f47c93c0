// The dev stage's zips: each function's own bundle and nothing else, sharp where it is used, sizes within budget.
import { readFile } from 'node:fs/promises'
import { lambdaRuntimeNode } from '../../../../scripts/record-compile-cache.ts'
import { MB, zipEntries, zipFileHead, type Checks } from './packaged.ts'

// The JavaScript the API function's init loads, compressed: what its cold start reads and compiles (docs/performance.md).
// Chunks loaded on first use (the token verifier, the OpenSearch client, the S3 adapters) are reported beside it.
const CODE_BUDGET_BYTES = 250 * 1024

export const zipChecks: Checks = {
  'each event-driven function\'s zip: its own bundle, and only what it uses': async (t, { zip, zips }) => {
    for (const [fn, folder] of [['orderStream', 'order-stream'], ['orderWorker', 'order-worker'], ['dailyReport', 'daily-report'], ['thumbnails', 'thumbnails']] as const) {
      const entries = await zipEntries(zips[fn])
      const names = entries.map((entry) => entry.name)
      t.ok(names.every((name) => name.startsWith(`dist/functions/${folder}/`)), `${fn}: nothing but its own build`)
      t.ok(names.includes(`dist/functions/${folder}/index.mjs`), `${fn}: its entry`)
      t.notOk(names.some((name) => name.endsWith('.map')), `${fn}: no map`)
      t.equal(names.some((name) => name.includes('node_modules')), fn === 'thumbnails', `${fn}: ${fn === 'thumbnails' ? 'sharp beside its bundle' : 'no node_modules'}`)
      const code = entries.filter((entry) => entry.name.endsWith('.mjs') && !entry.name.includes('node_modules')).reduce((sum, entry) => sum + entry.compressed, 0)
      t.comment(`${fn}: zip ${(await readFile(zips[fn])).length} bytes; code ${code} bytes compressed`)
    }
  },

  'sharp\'s linux-arm64 (glibc) binaries are in the thumbnail function\'s zip, and in no other': async (t, { zips }) => {
    const names = (await zipEntries(zips.thumbnails)).map((entry) => entry.name)
    const modules = 'dist/functions/thumbnails/node_modules/'
    t.ok(names.includes(`${modules}sharp/package.json`), 'sharp')
    t.same([...new Set(names.filter((name) => name.startsWith(`${modules}@img/`)).map((name) => name.split('/')[5]))].sort(),
      ['colour', 'sharp-libvips-linux-arm64', 'sharp-linux-arm64'], 'only the linux-arm64 glibc builds: no x64, no musl')
    const natives = names.filter((name) => /\.node$|libvips-cpp\.so/.test(name))
    t.equal(natives.length, 2, `the addon and libvips: ${natives.join(', ')}`)
    for (const native of natives) {
      const head = await zipFileHead(zips.thumbnails, native, 20)
      t.equal(head.subarray(0, 4).toString('latin1'), '\x7fELF', `${native}: an ELF shared object`)
      t.equal(head[4], 2, `${native}: 64-bit`)
      t.equal(head.readUInt16LE(18), 183, `${native}: for AArch64 (e_machine 183), Lambda's arm64`)
    }
    for (const fn of ['api', 'orderStream', 'orderWorker', 'dailyReport'] as const) {
      t.notOk((await zipEntries(zips[fn])).some((entry) => /sharp|@img|libvips/.test(entry.name)), `${fn}: no sharp`)
    }
  },

  'the zip: the built artifact only, under the size limits': async (t, { zip, atInit }) => {
    const entries = await zipEntries(zip)
    const names = entries.map((entry) => entry.name)
    t.ok(names.every((name) => name.startsWith('dist/lambda/')), 'nothing but the build output')
    t.notOk(names.some((name) => name.includes('node_modules') || name.startsWith('src/') || name.endsWith('.map')), 'no node_modules, sources or map')
    for (const needed of ['index.mjs', 'package.json']) t.ok(names.includes(`dist/lambda/${needed}`), needed)
    if (lambdaRuntimeNode() !== undefined) {
      t.ok(names.includes('dist/lambda/compile-cache/built-for'), 'the compile cache, with the Node it is for')
      t.ok(names.some((name) => /^dist\/lambda\/compile-cache\/v24\.[\d.]+-arm64-\w+-\d+\/\w+$/.test(name)), 'made by Node 24 for arm64')
    }
    t.ok(names.some((name) => /^dist\/lambda\/api-app-\w+\.mjs$/.test(name)), 'the app\'s chunk')
    t.ok(names.some((name) => /^dist\/lambda\/docs\/\w+-swagger-ui-bundle\.js$/.test(name)), 'the recorded docs')
    const zipBytes = (await readFile(zip)).length
    const code = entries.filter((entry) => entry.name.endsWith('.mjs')).reduce((sum, entry) => sum + entry.compressed, 0)
    const initCode = entries.filter((entry) => atInit.includes(entry.name) && entry.name.endsWith('.mjs')).reduce((sum, entry) => sum + entry.compressed, 0)
    t.ok(zipBytes < 2 * MB, `the zip with the docs assets is under 2 MB (${zipBytes} bytes)`)
    t.ok(initCode < CODE_BUDGET_BYTES, `the code init loads is under its budget of ${CODE_BUDGET_BYTES / 1024} KiB compressed (${initCode} bytes)`)
    t.comment(`zip ${zipBytes} bytes; code ${code} bytes compressed, of which init loads ${initCode}`)
  }
}
