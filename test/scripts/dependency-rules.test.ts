// The import rules of .dependency-cruiser.cjs catch what they name: probes that import a cloud's SDK from each kind
// of folder, cruised in a scratch copy of the layout (the repository's own src/ stays untouched while other tests
// read it), and the rules each probe breaks.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import t from 'tap'

const PROBES = {
  'src/handlers/uses-cosmos.ts': '@azure/cosmos',
  'src/http/uses-storage-blob.ts': '@azure/storage-blob',
  'src/platforms/aws/uses-azure-functions.ts': '@azure/functions',
  'src/adapters/dynamodb/uses-azure-identity.ts': '@azure/identity',
  'src/adapters/cosmos/uses-cosmos.ts': '@azure/cosmos',
  'src/adapters/azure-storage/uses-storage-queue.ts': '@azure/storage-queue',
  'src/platforms/azure/uses-azure-functions.ts': '@azure/functions',
  'src/platforms/azure/uses-dynamodb.ts': '@aws-sdk/client-dynamodb',
  'src/adapters/cosmos/uses-powertools.ts': '@aws-lambda-powertools/metrics',
  'src/adapters/s3/uses-s3.ts': '@aws-sdk/client-s3'
} as const

const scratch = mkdtempSync(join(tmpdir(), 'dependency-rules-'))
t.teardown(() => rmSync(scratch, { recursive: true, force: true }))
symlinkSync(resolve('node_modules'), join(scratch, 'node_modules'))
for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) cpSync(file, join(scratch, file))
for (const [file, sdk] of Object.entries(PROBES)) {
  mkdirSync(join(scratch, dirname(file)), { recursive: true })
  writeFileSync(join(scratch, file), `export * from '${sdk}'\n`)
}
const cruised = spawnSync(resolve('node_modules/.bin/depcruise'), ['src', '--config', '.dependency-cruiser.cjs'], { cwd: scratch, encoding: 'utf8' })
/** Each probe's broken rules, by file. */
const broken = new Map<string, string[]>()
for (const [, rule, file] of cruised.stdout.matchAll(/error ([\w-]+): (\S+) →/g)) broken.set(file, [...(broken.get(file) ?? []), rule].sort())

t.test('Azure\'s SDKs outside Azure\'s adapters and platform break azure-sdks-in-azure-code', async (t) => {
  t.not(cruised.status, 0, 'the cruise fails')
  for (const file of ['src/handlers/uses-cosmos.ts', 'src/http/uses-storage-blob.ts', 'src/platforms/aws/uses-azure-functions.ts', 'src/adapters/dynamodb/uses-azure-identity.ts']) {
    t.ok(broken.get(file)?.includes('azure-sdks-in-azure-code'), file)
  }
})

t.test('AWS\'s SDKs and Powertools outside AWS\'s adapters and platform break aws-sdks-in-aws-code', async (t) => {
  t.same(broken.get('src/platforms/azure/uses-dynamodb.ts'), ['aws-sdks-in-aws-code'])
  t.same(broken.get('src/adapters/cosmos/uses-powertools.ts'), ['aws-sdks-in-aws-code'])
})

t.test('each cloud\'s SDK in its own adapters and platform breaks nothing', async (t) => {
  for (const file of ['src/adapters/cosmos/uses-cosmos.ts', 'src/adapters/azure-storage/uses-storage-queue.ts', 'src/platforms/azure/uses-azure-functions.ts', 'src/adapters/s3/uses-s3.ts']) {
    t.equal(broken.get(file), undefined, file)
  }
})
