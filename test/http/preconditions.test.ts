// If-Match parsing: RFC 9110's list of entity-tags, strong comparison against item versions.
import t from 'tap'
import { entityTag, versionCondition } from '../../src/http/preconditions.ts'

t.test('the versions an If-Match names', async (t) => {
  t.equal(versionCondition(undefined), undefined, 'no header: unconditional')
  t.equal(versionCondition('*'), undefined, '*: any existing item')
  t.same(versionCondition('"3"'), { versions: [3] })
  t.same(versionCondition(' "3" ,\t"12"'), { versions: [3, 12] }, 'spaces and tabs around elements')
  t.same(versionCondition('"1",'), { versions: [1] }, 'an empty list element is ignored')
  t.same(versionCondition(', "1"'), { versions: [1] })
  t.same(versionCondition('"a,b", "2"'), { versions: [2] }, 'a comma inside a tag')
  t.same(versionCondition('W/"2"'), { versions: [] }, 'weak: never matches')
  t.same(versionCondition('"0", "007", "x"'), { versions: [] }, 'not versions: never match')
  t.same(versionCondition('"9999999999999999"'), { versions: [] }, 'beyond any version')
})

t.test('malformed values are 400 VALIDATION_ERROR naming If-Match', async (t) => {
  for (const value of ['', ' ', '3', '"3', '"3" "4"', 'W/3', '"3";', '* , "1"', '"é"x']) {
    t.throws(() => versionCondition(value), { statusCode: 400, code: 'VALIDATION_ERROR', details: [{ field: 'If-Match' }] }, JSON.stringify(value))
  }
})

t.test('a tag named twice counts once; more than 100 different tags is a 400', async (t) => {
  const tags = (versions: number[]): string => versions.map((version) => `"${version}"`).join(', ')
  t.same(versionCondition(tags(Array(150).fill(1))), { versions: [1] }, '150 copies of one tag')
  t.same(versionCondition(tags(Array.from({ length: 100 }, (_, index) => index + 1)))?.versions.length, 100, '100 different tags')
  const tooMany = Array.from({ length: 101 }, (_, index) => index + 1)
  for (const value of [tags(tooMany), `${tags(tooMany.slice(0, 100))}, W/"1"`]) {
    t.throws(() => versionCondition(value), {
      statusCode: 400, code: 'VALIDATION_ERROR', details: [{ field: 'If-Match', message: 'must name at most 100 different entity tags' }]
    })
  }
})

t.test('the entity tag is the version, quoted', async (t) => {
  t.equal(entityTag({ version: 42 }), '"42"')
  t.same(versionCondition(entityTag({ version: 42 })), { versions: [42] }, 'an ETag read back as If-Match names its version')
})
