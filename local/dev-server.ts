// Local entry point (`npm run dev`, `npm start`): serve until SIGINT/SIGTERM, then drain and close.
import { startServer } from './start-server.ts'
import { startupFailureLine } from './startup-errors.ts'

// On Node 20, which this project supports, the AWS SDK warns at every start that its releases after January 2027 will
// need Node 22: news for whoever upgrades the SDK (package.json), nothing for whoever starts the server to act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

try {
  const { app } = await startServer()
  const shutdown = (signal: NodeJS.Signals): void => {
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    app.close().then(() => process.exit(0), (error: unknown) => {
      app.log.error({ err: error }, 'shutdown failed')
      process.exit(1)
    })
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
} catch (error) {
  // One line naming what is wrong and what to do, before any request could be served.
  process.stderr.write(`${startupFailureLine(error)}\n`)
  process.exit(1)
}
