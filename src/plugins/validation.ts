// Schema validation: JSON bodies are validated strictly; query strings and path params still coerce.
import { Ajv, type Options } from 'ajv'
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

// ajv-formats is CommonJS with a `default` property; take whichever the loader hands us.
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default: FormatsPlugin }).default ?? addFormatsModule

const shared: Options = { allErrors: true, useDefaults: true, strict: true }

function createAjv (options: Options): Ajv {
  const ajv = new Ajv({ ...shared, ...options })
  addFormats(ajv)
  return ajv
}

// A body is what the client meant to store: "12" is not 12, and an unknown property is an error, never dropped.
const bodyAjv = createAjv({ coerceTypes: false, removeAdditional: false })
// Query strings and paths carry only text, so "limit=5" must become 5.
const urlAjv = createAjv({ coerceTypes: 'array', removeAdditional: true })

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : urlAjv
  return ajv.compile(schema as object)
}
