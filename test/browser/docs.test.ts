// /docs and /redoc in a real headless Chromium: operations listed, "Try it out" on POST /items gets a 201.
import { existsSync } from 'node:fs'
import t from 'tap'
import { chromium, type Browser } from 'playwright-core'
import { startServer } from '../../src/start-server.ts'
import { testConfig } from '../helper.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// CI installs Chromium, so there a missing browser is a failure; on a laptop without it the test says so and skips.
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true' ? `no Chromium at ${CHROMIUM}` : false

t.test('Swagger UI and ReDoc work in a browser', { skip }, async (t) => {
  const config = await testConfig()
  const server = await startServer({
    PORT: '0', LOG_LEVEL: 'silent', DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName
  })
  t.teardown(() => server.app.close())

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  })
  t.teardown(() => browser.close())
  const page = await browser.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`) })
  const offHost: string[] = []
  const notFound: string[] = []
  page.on('request', (request) => {
    if (!/^(data|blob):/.test(request.url()) && !request.url().startsWith(server.url)) offHost.push(request.url())
  })
  page.on('requestfailed', (request) => {
    // The page's content security policy stops it before it leaves: that is the only acceptable end.
    if (request.failure()?.errorText === 'csp') offHost.splice(offHost.indexOf(request.url()), 1)
  })
  // The browser's own /favicon.ico probe is the one 404 allowed.
  page.on('response', (response) => { if (response.status() === 404 && !response.url().endsWith('/favicon.ico')) notFound.push(response.url()) })

  await page.goto(`${server.url}/docs`)
  const create = page.locator('#operations-items-post_items')
  await create.waitFor({ timeout: 20_000 })
  for (const operation of ['get_items', 'get_items__id_', 'put_items__id_', 'delete_items__id_']) {
    t.equal(await page.locator(`#operations-items-${operation}`).count(), 1, operation)
  }
  await create.locator('.opblock-summary').click()
  await create.getByRole('button', { name: 'Try it out' }).click()
  await create.getByRole('button', { name: 'Execute' }).click()
  const status = create.locator('.live-responses-table tbody .response-col_status').first()
  await status.waitFor({ timeout: 20_000 })
  t.equal((await status.innerText()).trim(), '201')
  t.match(await create.locator('.live-responses-table .microlight').first().innerText(), /Item created successfully/)
  await page.screenshot({ path: '.tap/docs.png', fullPage: false }).catch(() => {})

  const list = await (await fetch(`${server.url}/items`)).json() as { count: number }
  t.equal(list.count, 1, 'the item Swagger UI created is stored')

  await page.goto(`${server.url}/redoc`)
  await page.locator('h2', { hasText: 'Create an item' }).waitFor({ timeout: 20_000 })
  t.ok(await page.locator('h1', { hasText: 'Items API' }).isVisible(), 'ReDoc rendered the document')
  t.same(offHost, [], 'no request left the service')
  t.same(notFound, [], 'every asset was found')
  t.same(pageErrors.filter((error) => !/Content Security Policy|favicon\.ico/.test(error)), [], 'no script errors')
})
