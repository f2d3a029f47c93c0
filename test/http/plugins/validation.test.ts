// The validators' rules on numbers: multipleOf on the decimal a number stands for, and no NaN or Infinity.
import t from 'tap'
import { ajvCompilers } from '../../../src/http/plugins/validation.ts'

const cents = ajvCompilers()('body').compile({ type: 'number', multipleOf: 0.01 })

t.test('every amount of whole cents up to 100,000.00 is a multiple of 0.01, as JSON writes it', async (t) => {
  let refused = 0
  for (let amount = 1; amount <= 10_000_000; amount++) {
    if (!cents(Number(`${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`))) refused++
  }
  t.equal(refused, 0)
})

t.test('a number a hair off a cent is not, however close', async (t) => {
  for (const value of [1.150000000001, 0.1 + 0.2, 10.001, 99_999.990000001, 1.15 + Number.EPSILON * 2, 0.005, 1e-10]) {
    t.notOk(cents(value), String(value))
    t.match(cents.errors, [{ keyword: 'multipleOf', params: { multipleOf: 0.01 } }])
  }
  t.ok(cents(-0.07), 'negative amounts by the same rule (the schemas bound them elsewhere)')
  t.ok(ajvCompilers()('body').compile({ type: 'number', multipleOf: 0.5 })(2.5), 'another step')
  t.notOk(ajvCompilers()('body').compile({ type: 'number', multipleOf: 0.5 })(2.25))
})

t.test('NaN and ±Infinity are no numbers, in a body or coerced from a query string', async (t) => {
  const [body, url] = [ajvCompilers()('body'), ajvCompilers()('url')]
  const number = body.compile({ type: 'number', maximum: 10 })
  for (const value of [Infinity, -Infinity, NaN]) t.notOk(number(value), String(value))
  const query = url.compile({ type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 100 } } })
  for (const limit of ['1e309', 'Infinity', '-1e309', 'NaN']) {
    t.notOk(query({ limit }), limit)
  }
  t.ok(query({ limit: '5' }))
})
