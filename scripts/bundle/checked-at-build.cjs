// `semver` in the Lambda bundle: Fastify uses it only to check each plugin's `fastify` version range as it registers.
// Every plugin and the Fastify version are fixed when the bundle is built, and the build registers them all first
// from source with the real semver (scripts/precompile-schemas.ts), so in the bundle the check cannot fail.
'use strict'

exports.satisfies = () => true
// Fastify's release-candidate branch: a release is never a candidate, so never newer than a coerced range.
exports.gt = () => false
exports.coerce = (version) => version
