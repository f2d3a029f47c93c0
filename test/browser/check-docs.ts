// Swagger UI and ReDoc in a real headless Chromium from wherever the service is reached: operations listed, "Try it
// out" on POST /items gets a 201, ReDoc renders, every asset loads, and no request leaves the service.
import { existsSync } from 'node:fs'
import type { Test } from 'tap'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// CI installs Chromium, so there a missing browser is a failure; on a laptop without it the test says so and skips.
export const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true' ? `no Chromium at ${CHROMIUM}` : false

export async function launch (t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  })
  t.teardown(() => browser.close())
  return browser
}

// The items "Try it out" created, across the pages walked in one test process.
const created: string[] = []

/** Walks both docs pages from `base` (the service's URL, with any prefix in front of it). */
export async function checkDocs (t: Test, browser: Browser, base: string, docs: '/docs' | '/docs/' = '/docs'): Promise<void> {
  const page = await browser.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`) })
  const offService: string[] = []
  const failed: string[] = []
  page.on('request', (request) => {
    if (!/^(data|blob):/.test(request.url()) && !request.url().startsWith(`${base}/`)) offService.push(request.url())
  })
  page.on('requestfailed', (request) => {
    // The page's content security policy stops it before it leaves: that is the only acceptable end.
    if (request.failure()?.errorText === 'csp') offService.splice(offService.indexOf(request.url()), 1)
  })
  // The browser's own /favicon.ico probe, at the host's root, is the one request allowed outside the service.
  page.on('response', (response) => { if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) failed.push(response.url()) })

  // The page as it was asked for, with or without the trailing slash: there is no redirect to loop on.
  await page.goto(`${base}${docs}`)
  t.equal(page.url(), `${base}${docs}`, `${docs} opens where it was asked for`)
  const create = page.locator('#operations-items-createItem')
  await create.waitFor({ timeout: 20_000 })
  t.same(await page.locator('.servers select option').allInnerTexts(), [`${base} - This deployment`],
    'the server list names the API by its URL, the relative one in the document resolved')
  for (const operation of ['listItems', 'getItem', 'updateItem', 'deleteItem']) {
    t.equal(await page.locator(`#operations-items-${operation}`).count(), 1, operation)
  }
  await create.locator('.opblock-summary').click()
  await create.getByRole('button', { name: 'Try it out' }).click()
  const sent = page.waitForRequest((request) => request.method() === 'POST')
  await create.getByRole('button', { name: 'Execute' }).click()
  t.equal((await sent).url(), `${base}/items`, '"Try it out" calls the API under the same prefix')
  const status = create.locator('.live-responses-table tbody .response-col_status').first()
  await status.waitFor({ timeout: 20_000 })
  t.equal((await status.innerText()).trim(), '201')
  const answer = JSON.parse(await create.locator('.live-responses-table .microlight').first().innerText()) as { message: string, data: { id: string } }
  t.equal(answer.message, 'Item created successfully')
  t.equal((await fetch(`${base}/items/${answer.data.id}`)).status, 200, 'the item Swagger UI created is stored')
  t.notOk(created.includes(answer.data.id), 'a new item each time: Swagger UI sends no Idempotency-Key of its own')
  created.push(answer.data.id)

  await page.goto(`${base}${docs.replace('docs', 'redoc')}`)
  await page.locator('h2', { hasText: 'Create an item' }).waitFor({ timeout: 20_000 })
  t.ok(await page.locator('h1', { hasText: 'Items API' }).isVisible(), 'ReDoc rendered the document')
  const offServiceNow = offService.filter((url) => !url.endsWith('/favicon.ico'))
  t.same(offServiceNow, [], 'no request left the service')
  t.same(failed, [], 'every asset was found')
  t.same(pageErrors.filter((error) => !/Content Security Policy|favicon\.ico/.test(error)), [], 'no script errors')
  // Under the pages' content security policies, the one thing refused is ReDoc's footer logo on its CDN.
  const refused = pageErrors.filter((error) => /Content Security Policy/.test(error))
  t.ok(refused.every((error) => /cdn\.redoc\.ly/.test(error)), `only the CDN logo refused: ${JSON.stringify(refused)}`)
  await page.close()
}
