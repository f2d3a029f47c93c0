// A reverse proxy that normalises trailing slashes, as some gateways and CDNs do: under a path prefix of its own, it
// forwards every request to the service with the trailing slash stripped, or added to every path without a file
// extension.
import { createServer, request as forward } from 'node:http'
import type { AddressInfo } from 'node:net'

type Test = { teardown: (fn: () => unknown) => void }

export type SlashMode = 'strip' | 'add'

export function normalisedPath (path: string, mode: SlashMode): string {
  if (mode === 'strip') return path.length > 1 ? path.replace(/\/+$/, '') : path
  return path.endsWith('/') || /\.[a-z0-9]+$/i.test(path) ? path : `${path}/`
}

/** The proxy's base URL (with `prefix`), closed after the test. */
export async function slashProxy (t: Test, target: string, mode: SlashMode, prefix = '/api'): Promise<string> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://proxy')
    if (!url.pathname.startsWith(`${prefix}/`) && url.pathname !== prefix) {
      response.writeHead(404).end()
      return
    }
    const path = normalisedPath(url.pathname.slice(prefix.length) || '/', mode)
    const upstream = forward(new URL(path + url.search, target), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(response)
    })
    upstream.on('error', () => response.writeHead(502).end())
    request.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`
}
