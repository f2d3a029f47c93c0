// Holds a real response against what the OpenAPI document declares for its operation and status: the status is
// declared, the body matches the declared schema, every header is declared (or one the document describes for every
// response), every declared header is there and matches its schema, and an example response equals the example.
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats'
import type { Test } from 'tap'
import type { Exchange } from './exchanges.ts'

type Json = Record<string, any>

// ajv-formats is CommonJS with a `default` property; take whichever the loader hands us.
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default: FormatsPlugin }).default ?? addFormatsModule

export interface RealResponse {
  status: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
}

/**
 * The headers the document describes once, in its info.description, rather than on each response: HTTP's own, helmet's
 * security headers, and the CORS headers of a request from an allowed origin.
 */
const HEADERS_ON_EVERY_RESPONSE = [
  'content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'vary', 'cache-control',
  'content-security-policy', 'cross-origin-resource-policy', 'referrer-policy', 'strict-transport-security',
  'x-content-type-options', 'x-frame-options', 'access-control-allow-origin', 'access-control-expose-headers',
  'access-control-allow-credentials'
]

// Present only when the preflight asked for headers, and only when a create replays an earlier one.
const CONDITIONAL_HEADERS = new Set(['access-control-allow-headers', 'idempotent-replayed'])

export class DocumentCheck {
  readonly #document: Json
  readonly #ajv: Ajv2020
  readonly #templates: Array<[RegExp, string]>

  constructor (document: Json) {
    this.#document = document
    this.#ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(this.#ajv)
    this.#ajv.addSchema({ $id: 'document.json', components: document.components })
    this.#templates = Object.keys(document.paths).map((template) =>
      [new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`), template])
  }

  /** The declared response for a request, and where it is declared. */
  declared (method: string, url: string, status: number): { where: string, response: Json | undefined } {
    const path = url.split('?')[0].replace(/(.)\/$/, '$1')
    const template = this.#templates.find(([pattern]) => pattern.test(path))?.[1]
    if (template === undefined) return { where: 'components.responses.NotFound', response: status === 404 ? this.#resolve(this.#document.components.responses.NotFound) : undefined }
    const operation = this.#document.paths[template][method.toLowerCase()] as Json | undefined
    if (operation === undefined) return { where: `components.responses.MethodNotAllowed (${template})`, response: status === 405 ? this.#document.components.responses.MethodNotAllowed : undefined }
    return { where: `${operation.operationId} ${status}`, response: operation.responses[String(status)] }
  }

  #resolve (value: Json): Json {
    if (typeof value.$ref !== 'string') return value
    return (value.$ref as string).slice(2).split('/').reduce((node: Json, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.#document)
  }

  /** Checks one exchange's real response; returns the parsed body. */
  check (t: Test, exchange: Exchange, real: RealResponse): unknown {
    const { where, response } = this.declared(exchange.method, exchange.url, real.status)
    if (!t.ok(response, `${exchange.name}: ${real.status} is declared (${where})`)) return undefined
    const declared = response!
    const media = declared.content?.['application/json'] as Json | undefined
    let body: unknown
    if (media === undefined || exchange.method === 'HEAD') {
      t.equal(real.body, '', `${exchange.name}: no body, as declared`)
    } else {
      body = JSON.parse(real.body)
      const ref = media.schema.$ref as string | undefined
      if (t.ok(ref, `${exchange.name}: the body's schema is a named component`)) {
        const validate = this.#ajv.getSchema(`document.json${ref}`)!
        t.ok(validate(body), `${exchange.name}: the body matches ${ref}: ${JSON.stringify(validate.errors)}`)
      }
      if (exchange.example === true) t.same(normalised(body, media.example), media.example, `${exchange.name}: the example is this response`)
    }

    const headers = Object.fromEntries(Object.entries(declared.headers ?? {}).map(([name, header]) => [name.toLowerCase(), this.#resolve(header as Json)]))
    for (const name of Object.keys(real.headers)) {
      t.ok(name in headers || HEADERS_ON_EVERY_RESPONSE.includes(name), `${exchange.name}: the ${name} header is declared`)
    }
    for (const [name, header] of Object.entries(headers)) {
      const value = real.headers[name]
      if (value === undefined) {
        t.ok(CONDITIONAL_HEADERS.has(name), `${exchange.name}: the declared ${name} header is there`)
        continue
      }
      const typed = header.schema.type === 'integer' ? Number(value) : String(value)
      const validate = this.#ajv.compile(header.schema)
      t.ok(validate(typed), `${exchange.name}: ${name}: ${String(value)} matches ${JSON.stringify(header.schema)}`)
    }
    return body
  }
}

/**
 * The real body with what differs from run to run (ids, times, request ids) taken from the example, so that the rest
 * can be compared: messages, codes, fields and their values.
 */
function normalised (real: unknown, example: Json): unknown {
  const body = structuredClone(real) as Json
  if (typeof body.request_id === 'string') body.request_id = example.request_id
  const sameVolatile = (item: Json, from: Json | undefined): void => {
    if (from === undefined) return
    for (const key of ['id', 'order_id', 'created_at', 'updated_at', 'payment_processed_at', 'confirmation_sent_at']) if (key in item) item[key] = from[key]
  }
  if (Array.isArray(body.data)) body.data.forEach((item: Json, index: number) => sameVolatile(item, example.data?.[index]))
  else if (body.data !== undefined) sameVolatile(body.data, example.data)
  return body
}
