// `yaml` in the Lambda bundle: @fastify/swagger and @fastify/swagger-ui only ever stringify the OpenAPI document,
// and JSON is YAML 1.2, so the document's YAML is its indented JSON. Spares the bundle the 120 KB yaml package.
'use strict'

exports.stringify = (value) => `${JSON.stringify(value, null, 2)}\n`
exports.parse = () => {
  throw new Error('yaml.parse is not in the Lambda bundle: the OpenAPI document is generated, never read from YAML')
}
