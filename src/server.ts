// Local entry point (`npm run dev`, `npm start`): serve until SIGINT/SIGTERM, then drain and close.
import { ConfigError } from './config.ts'
import { startServer } from './start-server.ts'

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
  // One line naming what is wrong, before any request could be served.
  const message = error instanceof ConfigError ? error.message : `items-api failed to start: ${(error as Error).message}`
  process.stderr.write(`${message}\n`)
  process.exit(1)
}
