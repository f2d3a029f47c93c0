// Schema validation: JSON bodies are validated strictly; query strings and path params still coerce.
import { _, Ajv, str, type KeywordCxt, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats'

// ajv-formats is CommonJS with a `default` property; take whichever the loader hands us.
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default: FormatsPlugin }).default ?? addFormatsModule

// strictNumbers: NaN and ±Infinity are no numbers (a query's limit=1e309 coerces to Infinity, which a JSON body's
// 1e309 also parses to).
const shared: Options = { allErrors: true, useDefaults: true, strict: true, strictNumbers: true }

// A body is what the client meant to store: "12" is not 12, and an unknown property is an error, never dropped.
const BODY: Options = { coerceTypes: false, removeAdditional: false }
// Query strings and paths carry only text, so "limit=5" must become 5.
const URL: Options = { coerceTypes: 'array', removeAdditional: true }

/** The decimal places of a step such as 0.01 (2): the fewest that write it exactly. */
function decimalPlaces (step: number): number {
  let places = 0
  while (places < 15 && Math.round(step * 10 ** places) / 10 ** places !== step) places++
  return places
}

/**
 * multipleOf on the decimal a number stands for, exactly: 1.15 is a multiple of 0.01 (though 1.15 / 0.01 is
 * 114.99999999999999 in binary floating point), while 1.150000000001 and 0.30000000000000004 are not. ajv's own
 * check either refuses 1.15 or, with a tolerance, lets the other two in.
 */
function exactDecimalMultipleOf (ajv: Ajv): void {
  ajv.removeKeyword('multipleOf')
  ajv.addKeyword({
    keyword: 'multipleOf',
    type: 'number',
    schemaType: 'number',
    code (cxt: KeywordCxt) {
      const scale = 10 ** decimalPlaces(cxt.schema as number)
      const step = Math.round((cxt.schema as number) * scale)
      // The number is the nearest double of a decimal with that many places, and that decimal is a multiple of the step.
      cxt.fail(_`Math.round(${cxt.data} * ${scale}) / ${scale} !== ${cxt.data} || Math.round(${cxt.data} * ${scale}) % ${step} !== 0`)
    },
    error: { message: ({ schema }) => str`must be multiple of ${schema as number}`, params: ({ schema }) => _`{multipleOf: ${schema as number}}` }
  })
}

const RANGES = { maximum: '<=', minimum: '>=', exclusiveMaximum: '<', exclusiveMinimum: '>' } as const

/**
 * The range keywords, closed to NaN and ±Infinity: ajv skips its range checks for a number that is not finite, and
 * its type check does not see a query string's `1e309` after coercing it to Infinity, so limit=1e309 passed 1–100.
 */
function finiteRanges (ajv: Ajv): void {
  for (const [keyword, comparison] of Object.entries(RANGES)) {
    ajv.removeKeyword(keyword)
    ajv.addKeyword({
      keyword,
      // No `type`: ajv would guard the check with its own isFinite, the very test that lets Infinity through.
      schemaType: 'number',
      code (cxt: KeywordCxt) {
        const operator = { '<=': _`<=`, '>=': _`>=`, '<': _`<`, '>': _`>` }[comparison]
        cxt.fail(_`typeof ${cxt.data} == "number" && !(${cxt.data} ${operator} ${cxt.schema as number})`)
      },
      error: {
        message: ({ schema }) => str`must be ${comparison} ${schema as number}`,
        params: ({ schema }) => _`{comparison: ${comparison}, limit: ${schema as number}}`
      }
    })
  }
}

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
      exactDecimalMultipleOf(ajv)
      finiteRanges(ajv)
      instances.set(part, ajv)
    }
    return ajv
  }
}

export type Validator = ValidateFunction
