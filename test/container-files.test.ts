// Dockerfile, Dockerfile.dev and docker-compose.yml cannot be built here (no Docker engine): every path, script,
// port and variable they name is checked against the repository and the code instead.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { parse } from 'yaml'
import { LAMBDA_DIR } from '../scripts/build.ts'
import { devSettings } from '../local/dev-settings.ts'

interface Instruction { command: string, args: string }

/** Dockerfile instructions, with continuation lines joined and comments dropped. */
async function dockerfile (path: string): Promise<Instruction[]> {
  const text = (await readFile(path, 'utf8')).replace(/\\\n\s*/g, ' ')
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [command, ...rest] = line.split(/\s+/)
      return { command: command.toUpperCase(), args: rest.join(' ') }
    })
}

const all = (instructions: Instruction[], command: string): string[] =>
  instructions.filter((instruction) => instruction.command === command).map((instruction) => instruction.args)

/** Sources of COPY instructions that copy from the build context (not from another stage). */
function contextSources (instructions: Instruction[]): string[] {
  return all(instructions, 'COPY').filter((args) => !args.startsWith('--from')).flatMap((args) => args.split(/\s+/).slice(0, -1))
}

async function packageScripts (): Promise<Record<string, string>> {
  return JSON.parse(await readFile('package.json', 'utf8')).scripts
}

/** The variables the local server's settings read (src/config.ts, src/platforms/aws/settings.ts, local/dev-settings.ts). */
async function configVariables (): Promise<Set<string>> {
  const sources = await Promise.all(['src/config.ts', 'src/platforms/aws/settings.ts', 'local/dev-settings.ts'].map(async (file) => await readFile(file, 'utf8')))
  return new Set(sources.flatMap((source) => [...source.matchAll(/(?:read|matching|endpoint|bucket|url)\(env, '([A-Z_]+)'/g)].map((match) => match[1])))
}

function envOf (instructions: Instruction[]): Record<string, string> {
  return Object.fromEntries(all(instructions, 'ENV').flatMap((args) => args.split(/\s+/)).map((pair) => pair.split('=') as [string, string]))
}

t.test('Dockerfile: the build artifact on the Lambda Node.js 24 base image', async (t) => {
  const instructions = await dockerfile('Dockerfile')
  const stages = all(instructions, 'FROM')
  t.equal(stages[0], 'public.ecr.aws/lambda/nodejs:24 AS build', 'built on the image it runs on')
  const buildStage = instructions.slice(0, instructions.findIndex((instruction, index) => index > 0 && instruction.command === 'FROM'))
  t.equal(envOf(buildStage).LAMBDA_NODE, '/var/lang/bin/node', 'its compile cache made by the image\'s own Node')
  t.equal(stages.at(-1), 'public.ecr.aws/lambda/nodejs:24', 'the AWS Lambda Node.js 24 base image')
  for (const source of contextSources(instructions)) t.ok(existsSync(source), `${source} exists`)
  const runs = all(instructions, 'RUN').join(' && ')
  t.match(runs, /npm ci /, 'installs from the lock file')
  t.match(runs, /npm run build -- --api/, 'the API\'s artifact alone: the thumbnail function\'s sharp is not in the image')
  t.ok((await packageScripts()).build, 'package.json has the build script')
  t.match(runs, new RegExp(`rm ${LAMBDA_DIR}/\\*\\.map`), 'leaves the source map behind, as the zip does')
  t.equal(all(instructions, 'COPY').at(-1), `--from=build /app/${LAMBDA_DIR}/ \${LAMBDA_TASK_ROOT}/`, 'copies the artifact only')
  // CloudFormation's tags (!GetAtt, !Ref, …) are not YAML's own: read as plain values, without a warning for each.
  const serverless = parse(await readFile('serverless.yml', 'utf8'), { logLevel: 'error' })
  const handler = serverless.functions.api.handler as string
  t.equal(all(instructions, 'CMD').at(-1), `["${handler.slice(LAMBDA_DIR.length + 1)}"]`, 'the handler serverless.yml deploys')
  t.equal(serverless.provider.runtime, 'nodejs24.x')
})

t.test('Dockerfile.dev: npm run dev on 0.0.0.0:8000', async (t) => {
  const instructions = await dockerfile('Dockerfile.dev')
  t.match(all(instructions, 'FROM')[0], /node:24/)
  for (const source of contextSources(instructions)) t.ok(existsSync(source), `${source} exists`)
  t.same(all(instructions, 'CMD'), ['["npm", "run", "dev"]'])
  t.match((await packageScripts()).dev, /^tsx watch local\/dev-server\.ts$/, 'dev is tsx watch')
  const env = envOf(instructions)
  t.same(env, { HOST: '0.0.0.0', PORT: '8000' })
  const variables = await configVariables()
  for (const name of Object.keys(env)) t.ok(variables.has(name), `${name} is read by the settings`)
  t.match(devSettings(env), { host: '0.0.0.0', port: 8000 })
  t.same(all(instructions, 'EXPOSE'), [env.PORT], 'exposes the port it listens on')
})

t.test('docker-compose.yml: the dev service with hot reload against DynamoDB Local', async (t) => {
  const compose = parse(await readFile('docker-compose.yml', 'utf8'))
  const { api, dynamodb } = compose.services
  t.equal(api.build.dockerfile, 'Dockerfile.dev')
  t.ok(existsSync(api.build.dockerfile))
  const devPort = envOf(await dockerfile('Dockerfile.dev')).PORT
  t.same(api.ports, [`8000:${devPort}`], 'the port the dev image listens on')

  const variables = await configVariables()
  for (const name of Object.keys(api.environment)) t.ok(variables.has(name), `${name} is read by the settings`)
  const config = devSettings(api.environment)
  t.match(config, { host: '0.0.0.0', port: Number(devPort), environment: 'dev' }, 'a valid configuration')
  const endpoint = new URL(config.dynamodbEndpoint ?? '')
  t.equal(endpoint.hostname, 'dynamodb', 'the endpoint is the DynamoDB Local service')
  t.equal(endpoint.port, dynamodb.command[dynamodb.command.indexOf('-port') + 1], 'on the port DynamoDB Local listens on')

  for (const volume of api.volumes as string[]) {
    const [host, container] = volume.split(':')
    t.ok(existsSync(host), `${host} exists`)
    t.match(container, /^\/app\//, `${host} is mounted into the app folder`)
  }
  t.ok(api.volumes.includes('./src:/app/src'), 'the source is mounted for hot reload')
  t.same(api.depends_on, { dynamodb: { condition: 'service_healthy' } }, 'starts once the store answers')
  t.match(api.healthcheck.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${devPort}/health`))
  t.match(dynamodb.image, /^amazon\/dynamodb-local/)
  t.ok(dynamodb.healthcheck.test, 'DynamoDB Local has a healthcheck')
  t.ok(dynamodb.volumes[0].startsWith(`${Object.keys(compose.volumes)[0]}:`), 'its data in the named volume')
})

t.test('.dockerignore keeps local state out of the build context', async (t) => {
  const ignored = (await readFile('.dockerignore', 'utf8')).split('\n')
  for (const path of ['node_modules', 'dist', '.data', '.serverless']) t.ok(ignored.includes(path), path)
})
