// Schema validation: JSON bodies are validated strictly; query strings and path params still coerce.
import { Ajv, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats'

// ajv-formats is CommonJS with a `default` property; take whichever the loader hands us.
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default: FormatsPlugin }).default ?? addFormatsModule

// multipleOf by a decimal (money's 0.01) within binary floating point's error: 1.15 is a multiple of 0.01.
const shared: Options = { allErrors: true, useDefaults: true, strict: true, multipleOfPrecision: 9 }

// A body is what the client meant to store: "12" is not 12, and an unknown property is an error, never dropped.
const BODY: Options = { coerceTypes: false, removeAdditional: false }
// Query strings and paths carry only text, so "limit=5" must become 5.
const URL: Options = { coerceTypes: 'array', removeAdditional: true }

/** body, or one of the URL's parts (querystring, params, headers). */
export type ValidationPart = 'body' | 'url'

export const validationPart = (httpPart: string | undefined): ValidationPart => httpPart === 'body' ? 'body' : 'url'

/**
 * The two ajv instances, made on first use: a bundle whose validators were generated at build time
 * never makes them. With `source`, each compiled function keeps its code for ajv's standalone output.
 */
export function ajvCompilers (options: { source?: boolean } = {}): (part: ValidationPart) => Ajv {
  const instances = new Map<ValidationPart, Ajv>()
  return (part) => {
    let ajv = instances.get(part)
    if (ajv === undefined) {
      ajv = new Ajv({ ...shared, ...(part === 'body' ? BODY : URL), code: { source: options.source === true } })
      addFormats(ajv)
      instances.set(part, ajv)
    }
    return ajv
  }
}

export type Validator = ValidateFunction
