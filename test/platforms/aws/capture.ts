// What a function writes: its pino lines, and the EMF documents Powertools' Metrics prints on stdout.
import { Writable } from 'node:stream'
import { pino, type Logger } from 'pino'
import type { WrapperSettings } from '../../../src/platforms/aws/lambda-function.ts'
import { invocationFields } from '../../../src/shared/invocation.ts'

/** A function's settings in the tests: logs at debug, metrics in the namespace `items-api`, environment `test`. */
export function testFunctionSettings (lambdaInitialization?: string): WrapperSettings & { region: string, dynamodbEndpoint: undefined } {
  return { environment: 'test', serviceName: 'items-api', logLevel: 'debug', region: 'us-east-1', lambdaInitialization, dynamodbEndpoint: undefined }
}

export interface Captured {
  /** The function's logger, its lines collected in `lines`. */
  log: Logger
  lines: Array<Record<string, any>>
  /** Runs `fn` while collecting what is printed to stdout; returns the EMF documents among it. */
  emf: <T>(fn: () => Promise<T>) => Promise<{ result: T, documents: Array<Record<string, any>> }>
}

export function capture (): Captured {
  const lines: Array<Record<string, any>> = []
  const sink = new Writable({
    write (chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    }
  })
  return {
    // As on Lambda (src/logger.ts): each line names the invocation it was written in.
    log: pino({ level: 'debug', mixin: invocationFields }, sink),
    lines,
    emf: async (fn) => {
      const printed: string[] = []
      const write = process.stdout.write
      process.stdout.write = ((chunk: string | Uint8Array) => { printed.push(String(chunk)); return true }) as typeof process.stdout.write
      try {
        const result = await fn()
        return { result, documents: printed.flatMap((text) => text.split('\n')).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line)) }
      } finally {
        process.stdout.write = write
      }
    }
  }
}

/**
 * A metric's value in the EMF documents printed, summed over them (a metric added several times before a publish is
 * an array of values); undefined when none has it.
 */
export function metricValue (documents: Array<Record<string, any>>, name: string): number | undefined {
  const values = documents.filter((document) => name in document).flatMap((document) => [document[name]].flat().map(Number))
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0)
}
