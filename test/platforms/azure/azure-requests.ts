// A request as the Functions runtime hands it to the trigger, and the trigger's answer as the runtime reads it: the
// library's own HttpRequest, InvocationContext and HttpResponse in test mode (no host runs here).
import { randomUUID } from 'node:crypto'
import functions, { type HttpHandler, type HttpRequest as AzureHttpRequest, type HttpResponseInit, type LogLevel } from '@azure/functions'
import type { HttpRequest } from '../../../local/lambda-events.ts'
import type { Answer } from '../contract-cases.ts'

export const FUNCTION_APP = 'https://items-api.azurewebsites.net'

/**
 * The request at the function app's address. Like the host, `query` keeps one value of a repeated key (the last);
 * the URL keeps them all. `base64`: the body as bytes, as the host passes a binary body.
 */
export function azureRequest (request: HttpRequest): AzureHttpRequest {
  const url = new URL(request.path, FUNCTION_APP)
  for (const [name, values] of Object.entries(request.query ?? {})) for (const value of [values].flat()) url.searchParams.append(name, value)
  const body = request.body === undefined ? undefined : request.base64 === true ? { bytes: Buffer.from(request.body) } : { string: request.body }
  return new functions.HttpRequest({ method: request.method, url: url.href, headers: request.headers ?? {}, body, query: Object.fromEntries(url.searchParams) })
}

export interface Invocation { context: InstanceType<typeof functions.InvocationContext>, logs: Array<[LogLevel, ...unknown[]]> }

/** An invocation's context, with what the handler logs through it. */
export function invocation (invocationId: string = randomUUID()): Invocation {
  const logs: Invocation['logs'] = []
  return { context: new functions.InvocationContext({ invocationId, functionName: 'api', logHandler: (level, ...args) => logs.push([level, ...args]) }), logs }
}

/** The answer as the runtime reads it off the handler's result: status, headers, the whole body. */
export async function read (init: HttpResponseInit): Promise<Answer> {
  const response = new functions.HttpResponse(init)
  return { status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) }
}

/** One request through the handler, answered and read. */
export async function viaAzure (handler: HttpHandler, request: HttpRequest, invocationId: string = randomUUID()): Promise<Answer & { init: HttpResponseInit }> {
  const init = await handler(azureRequest(request), invocation(invocationId).context) as HttpResponseInit
  return { ...await read(init), init }
}
