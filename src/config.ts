// Settings from the environment, validated once at start-up: the readers every platform's settings are made of, with
// one-line errors naming the variable, and the settings every function and the app share. Each platform composes
// each of its functions' settings from them (src/platforms/aws/settings.ts), so a function reads only what it uses.

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
export type Env = Record<string, string | undefined>

export class ConfigError extends Error {
  constructor (readonly variable: string, value: string, expected: string) {
    super(`Invalid ${variable}=${JSON.stringify(value)}: expected ${expected}`)
    this.name = 'ConfigError'
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
const NAME = /^[A-Za-z0-9_.-]{1,64}$/

/** Reads a variable, treating an empty or blank value as unset. */
export function read (env: Env, variable: string): string | undefined {
  const value = env[variable]?.trim()
  return value === '' ? undefined : value
}

/** A variable that must match `pattern`, or `fallback` when unset. */
export function matching (env: Env, variable: string, pattern: RegExp, expected: string, fallback: string): string {
  const value = read(env, variable) ?? fallback
  if (!pattern.test(value)) throw new ConfigError(variable, value, expected)
  return value
}

/** A variable a function cannot run without: its value, or the one-line error that names it. */
export function required<T> (variable: string, value: T | undefined, expected: string): T {
  if (value === undefined) throw new ConfigError(variable, '', expected)
  return value
}

/** An http(s) URL of `variable`, when it is set. */
export function url (env: Env, variable: string): URL | undefined {
  const value = read(env, variable)
  if (value === undefined) return undefined
  let parsed: URL | undefined
  try {
    parsed = new URL(value)
  } catch {}
  if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol)) throw new ConfigError(variable, value, 'an http(s) URL')
  return parsed
}

/** An http(s) origin (no path), such as a service's endpoint. */
export function endpoint (env: Env, variable: string, example: string): string | undefined {
  const value = read(env, variable)
  if (value === undefined) return undefined
  let parsed: URL | undefined
  try {
    parsed = new URL(value)
  } catch {}
  if (parsed === undefined || !['http:', 'https:'].includes(parsed.protocol) || parsed.pathname !== '/' || parsed.search !== '') {
    throw new ConfigError(variable, value, `an http(s) URL such as ${example}`)
  }
  return parsed.origin
}

/** What every deployed function and the local server read: where its logs and metrics go, and how much it logs. */
export interface FunctionSettings {
  environment: string
  serviceName: string
  logLevel: LogLevel
}

export function functionSettings (env: Env): FunctionSettings {
  const level = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase()
  const logLevel = LOG_LEVELS.find((known) => known === level)
  if (logLevel === undefined) throw new ConfigError('LOG_LEVEL', level, `one of ${LOG_LEVELS.join(', ')}`)
  return {
    environment: matching(env, 'ENVIRONMENT', NAME, 'a name of letters, digits, "_", "." or "-"', 'dev'),
    serviceName: matching(env, 'SERVICE_NAME', NAME, 'a name of letters, digits, "_", "." or "-"', 'items-api'),
    logLevel
  }
}

export interface AuthConfig {
  issuer: string
  audience: string
  jwksUrl: string
  /** Item reads need the token too (orders, customers and reports always do). */
  reads: boolean
}

/** What the HTTP app reads, on every platform. */
export interface AppSettings extends FunctionSettings {
  /** `'*'` allows any origin; an empty list disables cross-origin access. */
  corsOrigins: '*' | string[]
  /**
   * Signs list cursors (CURSOR_SECRET, 32 characters or more): the same on every instance, or a cursor made by one is
   * refused by another. Unset: a random secret per process (a deployed API requires one).
   */
  cursorSecret: string | undefined
  /**
   * Bearer JWTs for every write and every orders, customer and reports route (item reads too with AUTH_READS=true);
   * undefined when AUTH_* are unset: no authentication.
   */
  auth: AuthConfig | undefined
}

const AUTH_VARIABLES = ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const

function auth (env: Env): AuthConfig | undefined {
  const [issuer, audience, jwksUrl] = AUTH_VARIABLES.map((variable) => read(env, variable))
  const reads = read(env, 'AUTH_READS') ?? 'false'
  if (!['true', 'false'].includes(reads)) throw new ConfigError('AUTH_READS', reads, 'true or false')
  if (issuer === undefined && audience === undefined && jwksUrl === undefined) {
    if (reads === 'true') throw new ConfigError('AUTH_READS', reads, 'false while AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL are unset')
    return undefined
  }
  // Half a configuration would leave the routes open while looking protected: all three or none.
  const missing = AUTH_VARIABLES.find((_variable, index) => [issuer, audience, jwksUrl][index] === undefined)
  if (missing !== undefined) throw new ConfigError(missing, '', 'set together with the other AUTH_ variables')
  return { issuer: issuer!, audience: audience!, jwksUrl: url(env, 'AUTH_JWKS_URL')!.href, reads: reads === 'true' }
}

function cursorSecret (env: Env): string | undefined {
  const value = read(env, 'CURSOR_SECRET')
  // Not echoed back: the error names the variable and the rule only.
  if (value !== undefined && value.length < 32) throw new ConfigError('CURSOR_SECRET', `(${value.length} characters)`, 'a secret of 32 characters or more')
  return value
}

function corsOrigins (env: Env, environment: string): '*' | string[] {
  const value = read(env, 'CORS_ORIGINS')
  const development = environment === 'dev'
  if (value === undefined) return development ? '*' : []
  if (value === '*') {
    // Outside development, a browser may call the API only from origins someone chose to list.
    if (!development) throw new ConfigError('CORS_ORIGINS', value, 'a comma-separated list of origins outside development (ENVIRONMENT=dev), not "*"')
    return '*'
  }
  const origins = value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '')
  for (const origin of origins) {
    let parsed: URL | undefined
    try {
      parsed = new URL(origin)
    } catch {}
    if (parsed?.origin !== origin) {
      throw new ConfigError('CORS_ORIGINS', value, '"*" or a comma-separated list of origins such as https://app.example.com')
    }
  }
  return origins
}

export function appSettings (env: Env): AppSettings {
  const settings = functionSettings(env)
  return { ...settings, corsOrigins: corsOrigins(env, settings.environment), cursorSecret: cursorSecret(env), auth: auth(env) }
}
