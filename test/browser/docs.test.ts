// /docs and /redoc in a real headless Chromium, served directly and behind a REST API stage: operations listed,
// "Try it out" on POST /items gets a 201, ReDoc renders, and no request leaves the service. With authentication on,
// Swagger UI's Authorize takes a bearer token and "Try it out" sends it.
import { existsSync } from 'node:fs'
import t, { type Test } from 'tap'
import { chromium, type Browser } from 'playwright-core'
import { createLambdaHandler } from '../../src/lambda-handler.ts'
import { startServer } from '../../src/start-server.ts'
import { testConfig } from '../helper.ts'
import { startRestApiGateway } from '../lambda/rest-api-gateway.ts'
import { authEnv, issuer } from '../token-issuer.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// CI installs Chromium, so there a missing browser is a failure; on a laptop without it the test says so and skips.
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true' ? `no Chromium at ${CHROMIUM}` : false

/** The server on `port` 0 against a fresh table, with env added; closed after the test. */
async function localServer (t: Test, env: Record<string, string> = {}): Promise<string> {
  const config = await testConfig()
  const server = await startServer({
    PORT: '0', LOG_LEVEL: 'silent', DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName, ...env
  })
  t.teardown(() => server.app.close())
  return server.url
}

async function launch (t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  })
  t.teardown(() => browser.close())
  return browser
}

/** Walks both docs pages from `base` (the service's URL, with any prefix in front of it). */
async function checkDocs (t: Test, browser: Browser, base: string): Promise<void> {
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

  await page.goto(`${base}/docs`)
  t.equal(page.url(), `${base}/docs/`, '/docs leads to docs/ under the same prefix')
  const create = page.locator('#operations-items-post_items')
  await create.waitFor({ timeout: 20_000 })
  for (const operation of ['get_items', 'get_items__id_', 'put_items__id_', 'delete_items__id_']) {
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
  t.match(await create.locator('.live-responses-table .microlight').first().innerText(), /Item created successfully/)

  const list = await (await fetch(`${base}/items`)).json() as { count: number }
  t.equal(list.count, 1, 'the item Swagger UI created is stored')

  await page.goto(`${base}/redoc`)
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

t.test('Swagger UI and ReDoc from the local server', { skip }, async (t) => {
  await checkDocs(t, await launch(t), await localServer(t))
})

t.test('Swagger UI\'s Authorize takes a bearer token and "Try it out" sends it', { skip }, async (t) => {
  const tokens = await issuer(t)
  const base = await localServer(t, authEnv(tokens))
  const page = await (await launch(t)).newPage()
  await page.goto(`${base}/docs/`)
  const create = page.locator('#operations-items-post_items')
  await create.waitFor({ timeout: 20_000 })
  t.equal(await create.locator('.authorization__btn').count(), 1, 'POST /items shows a lock')
  t.equal(await page.locator('#operations-items-get_items .authorization__btn').count(), 0, 'GET /items does not')

  /** Runs "Try it out" on POST /items; the Authorization header it sent and the status it shows. */
  async function tryCreate (): Promise<{ authorization: string | undefined, status: string }> {
    const sent = page.waitForRequest((request) => request.method() === 'POST')
    await create.getByRole('button', { name: 'Execute' }).click()
    const authorization = (await sent).headers().authorization
    const status = create.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor({ timeout: 20_000 })
    return { authorization, status: (await status.innerText()).trim() }
  }

  await create.locator('.opblock-summary').click()
  await create.getByRole('button', { name: 'Try it out' }).click()
  t.same(await tryCreate(), { authorization: undefined, status: '401' }, 'before Authorize: no token, 401')

  const token = await tokens.sign()
  await page.locator('.auth-wrapper .authorize').click()
  const dialog = page.locator('.modal-ux')
  t.match(await dialog.innerText(), /bearerAuth\s*\(http, Bearer\)/, 'the dialog offers the document\'s scheme')
  await dialog.locator('input').fill(token)
  await dialog.getByRole('button', { name: 'Apply credentials' }).click()
  await dialog.getByRole('button', { name: 'Remove authorization' }).waitFor()
  await dialog.getByRole('button', { name: 'Close' }).click()

  await create.getByRole('button', { name: 'Clear' }).click()
  t.same(await tryCreate(), { authorization: `Bearer ${token}`, status: '201' }, 'after Authorize: the token is sent and accepted')
  const list = await (await fetch(`${base}/items`)).json() as { count: number }
  t.equal(list.count, 1, 'the item was created')
})

t.test('Swagger UI and ReDoc through the Lambda handler behind a REST API stage', { skip }, async (t) => {
  const gateway = await startRestApiGateway(await createLambdaHandler(await testConfig()))
  t.teardown(() => gateway.close())
  await checkDocs(t, await launch(t), gateway.url)
})
