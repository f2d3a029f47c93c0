// An upload sent as a web app's page sends it, in a real headless Chromium: the upload the API described (Azure: a
// PUT to the blob's SAS URL with its headers; AWS: a POST form), from a page of another origin, so that the browser
// preflights it and the storage's CORS rule decides. The page is served by a server of this test's own on loopback.
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import { launch } from './check-docs.ts'

export interface UploadDescription { method: string, url: string, fields: Record<string, string>, headers: Record<string, string> }

/** The status the storage answered the page's upload of `image` with. */
export async function uploadFromPage (t: Test, upload: UploadDescription, image: Uint8Array): Promise<number> {
  const app = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'))
  app.listen(0, '127.0.0.1')
  await once(app, 'listening')
  t.teardown(() => app.close())
  const browser = await launch(t)
  const page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${(app.address() as AddressInfo).port}/`)
  // A string, not a function: what the page runs is plain JavaScript, whatever the test's own transpiler adds.
  return await page.evaluate(`(async ({ upload, bytes }) => {
    const file = new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' })
    let body = file
    if (upload.method === 'POST') {
      body = new FormData()
      for (const [name, value] of Object.entries(upload.fields)) body.append(name, value)
      body.append('file', file)
    }
    return (await fetch(upload.url, { method: upload.method, headers: upload.headers, body })).status
  })(${JSON.stringify({ upload, bytes: [...image] })})`)
}
