// /docs and /redoc in a real headless Chromium, served directly, through proxies that strip or add the trailing slash,
// and behind a REST API stage (test/platforms/aws/serverless/offline.test.ts opens them through serverless-offline): operations listed,
// "Try it out" on POST /items gets a 201, ReDoc renders, and no request leaves the service. With authentication on,
// Swagger UI's Authorize takes a bearer token and "Try it out" sends it.
import t, { type Test } from 'tap'
import { startServer } from '../../local/start-server.ts'
import { lambdaHandlerFor, testConfig } from '../helper.ts'
import { startRestApiGateway } from '../platforms/aws/rest-api-gateway.ts'
import { authEnv, issuer } from '../token-issuer.ts'
import { checkDocs, launch, skip } from './check-docs.ts'
import { slashProxy } from './slash-proxy.ts'

/** The server on `port` 0 against a fresh table, with env added; closed after the test. */
async function localServer (t: Test, env: Record<string, string> = {}): Promise<string> {
  const config = await testConfig()
  const server = await startServer({
    PORT: '0', LOG_LEVEL: 'silent', DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName, ...env
  })
  t.teardown(() => server.app.close())
  return server.url
}

t.test('Swagger UI and ReDoc from the local server, with and without the trailing slash', { skip }, async (t) => {
  const browser = await launch(t)
  const base = await localServer(t)
  await checkDocs(t, browser, base, '/docs')
  await checkDocs(t, browser, base, '/docs/')
})

t.test('Swagger UI and ReDoc through a proxy that strips trailing slashes, and one that adds them', { skip }, async (t) => {
  const browser = await launch(t)
  const base = await localServer(t)
  for (const mode of ['strip', 'add'] as const) {
    const proxied = await slashProxy(t, base, mode)
    await checkDocs(t, browser, proxied, '/docs')
    await checkDocs(t, browser, proxied, '/docs/')
  }
})

t.test('Swagger UI\'s Authorize takes a bearer token and "Try it out" sends it', { skip }, async (t) => {
  const tokens = await issuer(t)
  const base = await localServer(t, authEnv(tokens))
  const page = await (await launch(t)).newPage()
  await page.goto(`${base}/docs/`)
  const create = page.locator('#operations-items-createItem')
  await create.waitFor({ timeout: 20_000 })
  t.equal(await create.locator('.authorization__btn').count(), 1, 'POST /items shows a lock')
  t.equal(await page.locator('#operations-items-listItems .authorization__btn').count(), 0, 'GET /items does not')

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
  const gateway = await startRestApiGateway(await lambdaHandlerFor(await testConfig()))
  t.teardown(() => gateway.close())
  const browser = await launch(t)
  await checkDocs(t, browser, gateway.url, '/docs')
  await checkDocs(t, browser, gateway.url, '/docs/')
})
