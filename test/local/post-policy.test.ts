// The local server's POST policy check (local/post-policy.ts), case by case: what S3 refuses, it refuses, with S3's
// codes; a form signed by the SDK's presigner passes.
import t from 'tap'
import { policySignature, refusalOf } from '../../local/post-policy.ts'

const CREDENTIAL = 'S3RVER/20261130/us-east-1/s3/aws4_request'

function form (conditions: unknown[], fields: Record<string, string> = {}, expiration = '2026-11-30T13:00:00.000Z'): Map<string, string> {
  const policy = Buffer.from(JSON.stringify({ expiration, conditions })).toString('base64')
  return new Map(Object.entries({
    key: 'uploads/a.jpg',
    'content-type': 'image/jpeg',
    'x-amz-credential': CREDENTIAL,
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    ...fields,
    policy,
    'x-amz-signature': policySignature(policy, CREDENTIAL)
  }))
}

const NOW = new Date('2026-11-30T12:50:00.000Z')
const COVERING = [{ key: 'uploads/a.jpg' }, ['eq', '$Content-Type', 'image/jpeg'], { 'x-amz-credential': CREDENTIAL }, { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' }, { bucket: 'images' }]

t.test('a form within its policy passes', async (t) => {
  t.equal(refusalOf('images', form([...COVERING, ['content-length-range', 1, 100]]), 100, NOW), undefined)
  t.equal(refusalOf('images', form([...COVERING, ['starts-with', '$key', 'uploads/']]), 1, NOW), undefined, 'starts-with')
})

t.test('each thing S3 checks is refused with its code', async (t) => {
  const cases: Array<[string, Map<string, string>, number, string, RegExp]> = [
    ['no policy', new Map([['key', 'k']]), 1, 'AccessDenied', /must contain a policy/],
    ['a forged signature', new Map([...form(COVERING), ['x-amz-signature', '0'.repeat(64)]]), 1, 'AccessDenied', /signature we calculated does not match/],
    ['signed with another key', new Map([...form(COVERING), ['x-amz-signature', policySignature(form(COVERING).get('policy')!, CREDENTIAL, 'other')]]), 1, 'AccessDenied', /signature/],
    ['expired', form(COVERING, {}, '2026-11-30T12:00:00.000Z'), 1, 'AccessDenied', /Policy expired/],
    ['another bucket', form(COVERING), 1, 'AccessDenied', /\["eq", "\$bucket", "images"\]/],
    ['another key', form(COVERING, { key: 'uploads/b.jpg' }), 1, 'AccessDenied', /"\$key"/],
    ['a key outside the prefix', form([...COVERING.slice(1), ['starts-with', '$key', 'uploads/']], { key: 'thumbnails/x.jpg' }), 1, 'AccessDenied', /starts-with/],
    ['an unknown operator', form([...COVERING, ['ends-with', '$key', '.jpg']]), 1, 'AccessDenied', /ends-with/],
    ['too large', form([...COVERING, ['content-length-range', 1, 100]]), 101, 'EntityTooLarge', /exceeds the maximum/],
    ['too small', form([...COVERING, ['content-length-range', 1, 100]]), 0, 'EntityTooSmall', /smaller than the minimum/],
    ['a field the policy does not name', form(COVERING, { 'x-amz-meta-owner': 'me' }), 1, 'AccessDenied', /Extra input fields: x-amz-meta-owner/]
  ]
  for (const [name, fields, size, code, message] of cases) {
    const bucket = name === 'another bucket' ? 'other' : 'images'
    const refusal = refusalOf(bucket, fields, size, NOW)
    t.match(refusal, { code, message }, name)
    t.equal(refusal?.status, code === 'AccessDenied' ? 403 : 400, `${name}: status`)
  }
  t.equal(refusalOf('images', form(COVERING, { 'x-ignore-tracking': '1' }), 1, NOW), undefined, 'x-ignore- fields need no condition')
})
