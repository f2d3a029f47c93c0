// npm run build's function app package (dist/azure): host.json as in src/, a package.json whose main names the five
// entries, bundles with no AWS code, the docs and validators the API serves without generating them, node_modules
// with what the entries import and nothing else (sharp for linux-x64 only), and the entries loaded as the Functions
// worker loads them, under Node 24: every file main matches, in one process, each registering its trigger with the
// one programming model they share.
import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { AZURE_FUNCTIONS, AZURE_HOST_JSON, AZURE_MAIN, AZURE_PACKAGES, buildAzurePackage } from '../../scripts/azure-package.ts'
import { node24 } from '../../scripts/node-binaries.ts'
import type { DocsSnapshot } from '../../src/http/plugins/prebuilt-docs.ts'
import { azureApiHandler } from '../../src/platforms/azure/azure-api.ts'
import { packagedDocs, packagedSchemas, RECORDED_DOCS_FILE } from '../../src/platforms/azure/azure-prebuilt.ts'
import { buildApp } from '../../src/app.ts'
import { temporaryDirectory, testConfig, testDependencies } from '../helper.ts'
import { viaAzure } from '../platforms/azure/azure-requests.ts'
import { elfMachine, filesUnder, packageOf } from './artifact-files.ts'

const dir = await temporaryDirectory(t)
const built = await buildAzurePackage(dir)
const modules = join(dir, 'node_modules')
const manifest = async (folder: string): Promise<{ version: string, dependencies?: Record<string, string>, optionalDependencies?: Record<string, string> }> =>
  JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'))

t.test('host.json as in src/, and a package.json of ES modules naming the entries and what node_modules holds', async (t) => {
  t.same(built.warnings, [], 'esbuild has nothing to warn about')
  t.equal(await readFile(join(dir, 'host.json'), 'utf8'), await readFile(AZURE_HOST_JSON, 'utf8'), 'host.json, byte for byte')
  const shipped = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
  t.match(shipped, { type: 'module', main: 'functions/*.mjs' })
  const root = await manifest('.')
  const versions = await Promise.all(AZURE_PACKAGES.map(async (name) => [name, (await manifest(`node_modules/${name}`)).version]))
  t.same(shipped.dependencies, Object.fromEntries(versions), 'the versions the tests run')
  for (const name of AZURE_PACKAGES) t.ok(root.dependencies?.[name], `${name}: a dependency of the project`)
  const files = await filesUnder(dir)
  for (const name of Object.keys(AZURE_FUNCTIONS)) t.ok(files.includes(`functions/${name}.mjs.map`), `${name}: its source map`)
  t.notOk(files.some((file) => /^functions\/.*\.mjs$/.test(file) && !Object.keys(AZURE_FUNCTIONS).some((name) => file === `functions/${name}.mjs`)),
    'no other module beside the entries: the chunks are apart')
})

t.test('no AWS code in any bundle: no AWS SDK, Smithy, Powertools, OpenSearch, nor src/platforms/aws', async (t) => {
  const inputs = Object.values(built.metafile.outputs).flatMap((output) => Object.keys(output.inputs))
  const packages = new Set(inputs.map(packageOf).filter((name) => name !== undefined))
  t.same([...packages].filter((name) => /^@(aws-sdk|smithy|aws-lambda-powertools|aws-crypto|opensearch-project)\//.test(name)), [])
  t.same(inputs.filter((input) => input.startsWith('src/platforms/aws/')), [])
  t.ok(packages.has('@azure/cosmos') && packages.has('fastify'), 'the Cosmos DB client and the app are bundled')
  const imported = new Set(Object.values(built.metafile.outputs).flatMap((output) => output.imports).filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path))
  t.same([...imported].sort(), [...AZURE_PACKAGES].sort(), 'what the bundles import from node_modules: the library and sharp')
})

t.test('the API on Azure serves the docs recorded in the package, as the app generates them', async (t) => {
  const settings = await testConfig()
  const ports = testDependencies(settings)
  t.teardown(async () => await ports.close?.())
  const docs = packagedDocs(pathToFileURL(`${dir}/`))
  t.ok(docs, `${RECORDED_DOCS_FILE} beside host.json`)
  const [recorded, live] = await Promise.all([azureApiHandler(settings, ports, { docs }), azureApiHandler(settings, ports)])
  const snapshot = JSON.parse(await readFile(join(dir, RECORDED_DOCS_FILE), 'utf8')) as DocsSnapshot
  const paths = Object.keys(snapshot.variants.open)
  t.ok(paths.includes('/openapi.json') && paths.includes('/docs'), 'the document and the pages')
  for (const path of paths) {
    const [fromPackage, generated] = await Promise.all([viaAzure(recorded, { method: 'GET', path }), viaAzure(live, { method: 'GET', path })])
    t.same({ status: fromPackage.status, type: fromPackage.headers['content-type'], body: fromPackage.body },
      { status: generated.status, type: generated.headers['content-type'], body: generated.body }, path)
  }
  t.equal(packagedDocs(new URL('../../src/platforms/azure/', import.meta.url)), undefined, 'from source: none, generated as the app starts')
})

t.test('the API on Azure compiles no schema as it starts: every validator and serializer is in the package', async (t) => {
  const settings = await testConfig()
  const ports = testDependencies(settings)
  const compiled: string[] = []
  const precompiled = await packagedSchemas(pathToFileURL(`${dir}/`))
  t.ok(Object.keys(precompiled?.validators ?? {}).length > 0 && Object.keys(precompiled?.serializers ?? {}).length > 0, 'validators and serializers')
  const app = buildApp(settings, { ...ports, schemas: { precompiled, onCompile: (made) => compiled.push(made.key) } })
  await app.ready()
  await app.close()
  t.same(compiled, [], 'nothing compiled at start')
  t.equal(await packagedSchemas(new URL('../../src/platforms/azure/', import.meta.url)), undefined, 'from source: none, compiled as the app starts')
})

/** The packages `names` need installed, as npm installed them in `modules`: themselves and their dependencies. */
async function installedClosure (names: string[]): Promise<Set<string>> {
  const needed = new Set<string>()
  const visit = async (name: string): Promise<void> => {
    if (needed.has(name)) return
    let found
    try {
      found = await manifest(join(modules, name))
    } catch {
      return // an optional dependency for another platform, not installed
    }
    needed.add(name)
    for (const dependency of Object.keys({ ...found.dependencies, ...found.optionalDependencies })) await visit(dependency)
  }
  for (const name of names) await visit(name)
  return needed
}

t.test('node_modules: the library and sharp with their dependencies, sharp for linux-x64 with glibc and no other build', async (t) => {
  const top = (await readdir(modules)).filter((name) => !name.startsWith('.'))
  const installed = (await Promise.all(top.map(async (name) => name.startsWith('@') ? (await readdir(join(modules, name))).map((inner) => `${name}/${inner}`) : [name]))).flat()
  t.same(installed.sort(), [...await installedClosure(AZURE_PACKAGES)].sort(), 'nothing the entries do not need')
  t.same((await readdir(join(modules, '@img'))).sort(), ['colour', 'sharp-libvips-linux-x64', 'sharp-linux-x64'], 'only the linux-x64 (glibc) packages')
  const addon = (await readdir(join(modules, '@img/sharp-linux-x64/lib'))).find((file) => file.endsWith('.node'))
  t.equal(await elfMachine(join(modules, '@img/sharp-linux-x64/lib', addon!)), 62, `${addon}: x86-64`)
  const libvips = (await readdir(join(modules, '@img/sharp-libvips-linux-x64/lib'))).find((file) => file.startsWith('libvips-cpp.so'))
  t.equal(await elfMachine(join(modules, '@img/sharp-libvips-linux-x64/lib', libvips!)), 62, `${libvips}: x86-64`)
  const files = await filesUnder(modules)
  t.notOk(files.some((file) => /^(sharp|@azure\/functions)\/src\//.test(file)), 'no sources')
  t.notOk(files.some((file) => /\.d\.[cm]?ts$/.test(file)), 'no type declarations')
})

// The worker's part, as azure-functions-nodejs-worker plays it (src/setupCoreModule.ts, src/startApp.ts): require()
// answers `@azure/functions-core` with the worker's API; every file package.json's main matches is imported in turn.
const WORKER = `
import Module from 'node:module'
import { globSync, readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const functions = []
let model
const coreApi = {
  version: '3.12.0', hostVersion: '4.1041.0', log () {}, Disposable: class { dispose () {} },
  registerHook: () => ({ dispose () {} }),
  setProgrammingModel (programmingModel) { model = programmingModel },
  getProgrammingModel: () => model,
  registerFunction (metadata) { functions.push(metadata); return { dispose () {} } }
}
const require = Module.prototype.require
Module.prototype.require = function (id) { return id === '@azure/functions-core' ? coreApi : require.apply(this, arguments) }
const files = globSync(JSON.parse(readFileSync('package.json', 'utf8')).main)
for (const file of files) await import(pathToFileURL(file).href)
const capabilities = await model.getCapabilities({})
console.log(JSON.stringify({
  files: files.sort(),
  model: model.name,
  httpStreams: typeof capabilities.HttpUri === 'string',
  functions: functions.map(({ name, bindings }) => ({ name, trigger: Object.values(bindings).find((binding) => binding.direction === 'in' && binding.type.endsWith('Trigger')).type }))
}))
process.exit(0)
`

t.test('loaded as the worker loads them, under Node 24: one programming model, five triggers, HTTP streams on', async (t) => {
  const { stdout } = await promisify(execFile)(node24(), ['--input-type=module', '-e', WORKER], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'silent',
      CURSOR_SECRET: 'the-function-apps-shared-cursor-secret',
      COSMOS_ENDPOINT: 'https://items-api.documents.azure.com',
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true'
    }
  })
  const loaded = JSON.parse(stdout.trim().split('\n').at(-1)!)
  t.same(loaded.files, Object.keys(AZURE_FUNCTIONS).map((name) => `functions/${name}.mjs`).sort(), `${AZURE_MAIN}: the five entries, nothing else`)
  t.equal(loaded.model, '@azure/functions', 'the library\'s programming model')
  t.ok(loaded.httpStreams, 'the API\'s app.setup reaches the model the worker asks: one copy of the library for all entries')
  t.same(loaded.functions.sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)), [
    { name: 'api', trigger: 'httpTrigger' },
    { name: 'dailyReport', trigger: 'timerTrigger' },
    { name: 'orderChanges', trigger: 'cosmosDBTrigger' },
    { name: 'orderWorker', trigger: 'queueTrigger' },
    { name: 'thumbnails', trigger: 'eventGridTrigger' }
  ])
})

t.test('the build stops when the function app\'s packages were not installed for Azure', async (t) => {
  const deps = await temporaryDirectory(t)
  await t.rejects(buildAzurePackage(join(deps, 'out'), { depsDir: deps }),
    { message: 'azure-deps/function-app/node_modules lacks @azure/functions: run npm install (its postinstall installs it for linux-x64 (glibc))' })
})
