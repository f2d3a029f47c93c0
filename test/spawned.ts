// Scripts run as processes of their own, as a person runs them: spawning one, and reading its JSON log lines.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'

export const SDK_NODE_WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'

/** `script` (the server by default) as a process; an env value of undefined removes the variable. */
export function startProcess (env: Record<string, string | undefined>, script = 'local/dev-server.ts'): ChildProcessWithoutNullStreams {
  // The test runner's own TypeScript loader (execArgv), so the child's coverage maps like the rest of the suite.
  const child = spawn(process.execPath, [...process.execArgv, script], {
    env: { ...process.env, PORT: '0', [SDK_NODE_WARNING]: 'true', ...env }
  })
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  return child
}

/** Resolves with the first JSON log line that matches. */
export function logLine (child: ChildProcessWithoutNullStreams, match: (line: Record<string, any>) => boolean): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    const onData = (chunk: string): void => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        const parsed = JSON.parse(line)
        if (match(parsed)) {
          child.stdout.off('data', onData)
          resolve(parsed)
          return
        }
      }
    }
    child.stdout.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited with ${code} before the log line`)))
  })
}
