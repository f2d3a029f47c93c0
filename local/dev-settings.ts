// The local server's settings: the API's (src/platforms/aws/settings.ts), where it listens, and where the embedded
// store keeps its data.
import { ConfigError, read, type Env } from '../src/config.ts'
import { apiSettings, type ApiSettings } from '../src/platforms/aws/settings.ts'

export interface DevSettings extends ApiSettings {
  port: number
  host: string
  /** Where the embedded store keeps its data (when DYNAMODB_ENDPOINT is unset). */
  dataDir: string
}

function port (env: Env): number {
  const value = read(env, 'PORT') ?? '8000'
  const parsed = Number(value)
  if (!/^\d+$/.test(value) || parsed > 65535) throw new ConfigError('PORT', value, 'a port number from 0 to 65535')
  return parsed
}

function host (env: Env): string {
  const value = read(env, 'HOST') ?? '127.0.0.1'
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(value)) throw new ConfigError('HOST', value, 'a host name or IP address')
  return value
}

export function devSettings (env: Env): DevSettings {
  return { ...apiSettings(env), port: port(env), host: host(env), dataDir: read(env, 'DATA_DIR') ?? '.data' }
}
