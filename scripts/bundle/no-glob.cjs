// `glob` in the Lambda bundle: @fastify/static lists files with it only when wildcard routes are off, and the
// docs serve their assets through one wildcard route.
'use strict'

exports.glob = async () => {
  throw new Error('glob is not in the Lambda bundle: @fastify/static must keep its wildcard route')
}
