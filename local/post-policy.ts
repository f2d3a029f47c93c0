// What S3 checks of a browser's presigned POST and s3rver does not: the policy's signature, its expiry, each of its
// conditions (the Content-Type, the key, the bucket, the content-length-range) and that it covers every form field.
// Put in front of s3rver, so that an upload the policy refuses is refused here too, with S3's codes.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** The local server's one secret key (s3rver's account). */
const SECRET = 'S3RVER'
/** A form larger than this is refused unread; no policy of this service allows more than 10 MiB. */
const MAX_FORM_BYTES = 32 * 1024 * 1024
/** Fields the policy need not mention (S3's rule). */
const EXEMPT = new Set(['policy', 'x-amz-signature', 'file'])

type Condition = Record<string, string> | [string, string | number, string | number]

export interface Refusal { status: number, code: string, message: string }

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest()

/** The SigV4 signature of a POST policy: the policy's base64 text signed with the day's signing key. */
export function policySignature (policy: string, credential: string, secret = SECRET): string {
  const [, day, region, service] = credential.split('/')
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request')
  return createHmac('sha256', key).update(policy).digest('hex')
}

/** Why S3 would refuse this form for `bucket`, or undefined when it would accept it. `fields` are lower-cased. */
export function refusalOf (bucket: string, fields: Map<string, string>, fileSize: number, now = new Date()): Refusal | undefined {
  const denied = (message: string): Refusal => ({ status: 403, code: 'AccessDenied', message })
  const policyText = fields.get('policy')
  if (policyText === undefined) return denied('Bucket POST must contain a policy for a private bucket')
  const signature = fields.get('x-amz-signature') ?? ''
  const expected = policySignature(policyText, fields.get('x-amz-credential') ?? '')
  if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    return denied('The request signature we calculated does not match the signature you provided')
  }
  const policy = JSON.parse(Buffer.from(policyText, 'base64').toString('utf8')) as { expiration: string, conditions: Condition[] }
  if (new Date(policy.expiration).getTime() <= now.getTime()) return denied('Invalid according to Policy: Policy expired.')
  const valueOf = (name: string): string | undefined => name === 'bucket' ? bucket : fields.get(name)
  const covered = new Set<string>()
  for (const condition of policy.conditions) {
    if (!Array.isArray(condition)) {
      const [name, value] = Object.entries(condition)[0]
      covered.add(name.toLowerCase())
      if (valueOf(name.toLowerCase()) !== value) return denied(`Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", "${value}"]`)
      continue
    }
    const [operator, field, value] = condition
    if (operator === 'content-length-range') {
      if (fileSize < Number(field)) return { status: 400, code: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size' }
      if (fileSize > Number(value)) return { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' }
      continue
    }
    const name = String(field).replace(/^\$/, '').toLowerCase()
    covered.add(name)
    const actual = valueOf(name) ?? ''
    const holds = operator === 'eq' ? actual === value : operator === 'starts-with' ? actual.startsWith(String(value)) : false
    if (!holds) return denied(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`)
  }
  const extra = [...fields.keys()].filter((name) => !EXEMPT.has(name) && !name.startsWith('x-ignore-') && !covered.has(name))
  if (extra.length > 0) return denied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`)
  return undefined
}

const errorXml = (refusal: Refusal): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${refusal.message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error>`

interface KoaContext {
  method: string
  path: string
  req: IncomingMessage
  status: number
  type: string
  body: unknown
  get: (header: string) => string
  set: (header: string, value: string) => void
}

async function bodyOf (request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_FORM_BYTES) return undefined
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Koa middleware for s3rver: a POST to a bucket is checked against its policy before s3rver stores it. */
export function postPolicyCheck (now = () => new Date()) {
  return async (ctx: KoaContext, next: () => Promise<void>): Promise<void> => {
    const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1]
    if (ctx.method !== 'POST' || bucket === undefined || !ctx.get('content-type').startsWith('multipart/form-data')) return await next()
    const refuse = (refusal: Refusal): void => {
      // S3 answers a refused cross-origin POST with the bucket's CORS headers, so that the page can read why.
      if (ctx.get('origin') !== '') ctx.set('Access-Control-Allow-Origin', ctx.get('origin'))
      ctx.status = refusal.status
      ctx.type = 'application/xml'
      ctx.body = errorXml(refusal)
    }
    const body = await bodyOf(ctx.req)
    if (body === undefined) return refuse({ status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' })
    const form = await new Response(body, { headers: { 'content-type': ctx.get('content-type') } }).formData()
    const fields = new Map<string, string>()
    let fileSize = 0
    for (const [name, value] of form) {
      if (typeof value === 'string') fields.set(name.toLowerCase(), value)
      else if (name === 'file') fileSize = value.size
    }
    const refusal = refusalOf(bucket, fields, fileSize, now())
    if (refusal !== undefined) return refuse(refusal)
    // s3rver reads the form by piping the request into its parser: it gets the bytes already read.
    ctx.req.pipe = (<T extends NodeJS.WritableStream>(destination: T): T => {
      destination.end(body)
      return destination
    }) as IncomingMessage['pipe']
    await next()
  }
}
