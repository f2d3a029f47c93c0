// src/plugins/openapi.ts and docs.ts in the Lambda bundle: the build records the documents and pages they generate
// (scripts/record-docs.ts) and the function serves the recording (src/plugins/prebuilt-docs.ts), so neither plugin,
// nor @fastify/swagger, @fastify/swagger-ui and @fastify/static behind them, is loaded or shipped.
'use strict'

exports.openApi = undefined
exports.docs = undefined
