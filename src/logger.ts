// Logger options for pino: JSON everywhere, pretty only when a person watches a development terminal.
import type { LoggerOptions } from 'pino'
import type { Config } from './config.ts'

function prettyAvailable (): boolean {
  try {
    import.meta.resolve('pino-pretty')
    return true
  } catch {
    return false
  }
}

export function loggerOptions (config: Pick<Config, 'logLevel' | 'environment' | 'serviceName'>, terminal = process.stdout.isTTY === true): LoggerOptions {
  const pretty = terminal && config.environment === 'dev' && prettyAvailable()
  return {
    level: config.logLevel,
    base: { service: config.serviceName, environment: config.environment },
    // Request headers may hold credentials: keep them out of logs.
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service,environment' } } } : {})
  }
}
