// Runs a Lambda handler module in a process of its own (invoke-handler.ts) and returns its stdout lines.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { LambdaResponse } from '@fastify/aws-lambda'
import type { HttpRequest } from '../../../local/lambda-events.ts'
import { generateApiModules } from '../../../scripts/build.ts'

const run = promisify(execFile)

export type Line = Record<string, any>

export interface HandlerProcessOptions {
  env?: Record<string, string | undefined>
  /** A built bundle to load instead of the API's entry from source. */
  module?: string
}

export interface HandlerRun {
  /** Every stdout line, parsed: the handler's logs and metrics, and one `{ invocation, status }` line per request. */
  lines: Line[]
  responses: LambdaResponse[]
}

let generated: Promise<unknown> | undefined

export async function invokeInProcess (requests: HttpRequest[], options: HandlerProcessOptions = {}): Promise<HandlerRun> {
  const dir = await mkdtemp(join(tmpdir(), 'items-api-invoke-'))
  // From source, the entry imports what the build generates for it: generated once per test file, as the build does.
  if (options.module === undefined) await (generated ??= generateApiModules(await mkdtemp(join(tmpdir(), 'items-api-docs-'))))
  const responsesFile = join(dir, 'responses.json')
  const args = [...process.execArgv, 'test/platforms/aws/invoke-handler.ts', JSON.stringify(requests), responsesFile]
  if (options.module !== undefined) args.push(options.module)
  const { stdout } = await run(process.execPath, args, {
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      // A bundle carries a source map back to src/: its run must not count as coverage of the sources.
      ...(options.module !== undefined ? { NODE_V8_COVERAGE: undefined } : {}),
      AWS_LAMBDA_FUNCTION_NAME: 'items-api-dev-api',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      CURSOR_SECRET: 'the-test-function-s-cursor-secret',
      LOG_LEVEL: 'info',
      ENVIRONMENT: 'dev',
      ...options.env
    }
  })
  const responses = JSON.parse(await readFile(responsesFile, 'utf8')) as LambdaResponse[]
  await rm(dir, { recursive: true, force: true })
  return { lines: stdout.trim().split('\n').map((line) => JSON.parse(line)), responses }
}

/** The lines written during invocation `index`: after the previous marker, up to its own. */
export function linesOf (lines: Line[], index: number): Line[] {
  const start = index === 0 ? 0 : lines.findIndex((line) => line.invocation === index - 1) + 1
  return lines.slice(start, lines.findIndex((line) => line.invocation === index))
}
