// ajv, fast-json-stringify and their Fastify wrappers in the Lambda bundle: every validator and serializer was
// generated at build time (scripts/precompile-schemas.ts), so the function never compiles a schema.
'use strict'

function compiledAtBuild () {
  throw new Error('schemas are compiled at build time and this one was not: the schemas differ from the build\'s; run npm run build again')
}

module.exports = compiledAtBuild
module.exports.default = compiledAtBuild
module.exports.Ajv = compiledAtBuild
