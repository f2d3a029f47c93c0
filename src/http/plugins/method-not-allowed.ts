// 405 METHOD_NOT_ALLOWED (with Allow) for a known path asked with a method it does not serve.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ApiError } from '../api-errors.ts'
import { leastAccess, type Access } from './bearer-auth.ts'
import { sendError } from './error-handler.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A hidden route that only answers 405: not a document of its own (scripts/record-docs.ts skips it). */
    methodNotAllowed?: true
  }
}

// OPTIONS stays with CORS preflight; HEAD follows GET, which Fastify adds by itself.
const ANSWERED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** The 405 of `method` on a path that serves the `allow` methods. */
export function methodNotAllowedError (method: string, allow: string): ApiError {
  return new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here; allowed: ${allow}`, { headers: { allow } })
}

/**
 * Two plugins around the route registrations: `track` (before them) records each path's methods,
 * `answer` (after them) adds a hidden route per path for every other method.
 */
export function methodNotAllowed (): { track: FastifyPluginAsync, answer: FastifyPluginAsync } {
  const methodsByPath = new Map<string, Set<string>>()
  const accessesByPath = new Map<string, Array<Access | undefined>>()

  const track = fp(async function trackRouteMethods (app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      // Only the documented API routes: the docs pages' own routes come in overlapping pairs (/docs, /docs/).
      if (route.schema?.hide === true || route.url.includes('*')) return
      const methods = methodsByPath.get(route.url) ?? new Set<string>()
      for (const method of [route.method].flat()) methods.add(method)
      methodsByPath.set(route.url, methods)
      accessesByPath.set(route.url, [...accessesByPath.get(route.url) ?? [], route.config?.access])
    })
  }, { name: 'method-not-allowed-tracker', fastify: '5.x' })

  async function answer (app: FastifyInstance): Promise<void> {
    for (const [url, methods] of methodsByPath) {
      const others = ANSWERED_METHODS.filter((method) => !methods.has(method))
      if (others.length === 0) continue
      const allow = [...methods].sort().join(', ')
      app.route({
        method: others,
        url,
        schema: { hide: true },
        // Behind the token when every method of the path is: without one, a private path answers 401 whatever the method.
        config: { methodNotAllowed: true, access: leastAccess(accessesByPath.get(url)!) },
        handler: (request, reply) => sendError(request, reply, methodNotAllowedError(request.method, allow))
      })
    }
  }

  return { track, answer }
}
