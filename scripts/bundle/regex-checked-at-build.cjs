// `safe-regex2` in the Lambda bundle: find-my-way uses it to refuse catastrophic regular expressions, its own constants
// as it loads and a route's regex parameters as the route registers. Both are fixed when the bundle is built, and the
// build registers every route first from source with the real safe-regex2 (scripts/precompile-schemas.ts), so in
// the bundle the check cannot fail; loading it (and `ret`, its regex parser) cost the function's init ~10 ms.
'use strict'

module.exports = function isRegexSafe () {
  return true
}
module.exports.default = module.exports
