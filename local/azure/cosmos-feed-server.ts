// The Cosmos-compatible server of the local Azure system: @vercel/cosmosdb-server (in this process, over plain HTTP on
// loopback, in memory), with the change feed it lacks. The server answers a change-feed read (`A-IM: Incremental
// feed`) with every document the first time and "not modified" ever after; here each feed read answers with the
// documents changed since the reader's continuation, as the latest-version change feed does: each document once, at
// its latest state, in the order of its last change, with `_lsn`, and the feed's position as the ETag to resume from.
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { once } from 'node:events'
import { createHttpServer } from '@vercel/cosmosdb-server'
import { listenFailure } from '../startup-errors.ts'

/** The key the local server takes (it checks none): any base64 will do. */
export const LOCAL_COSMOS_KEY = 'bG9jYWw='

export interface CosmosFeedServer {
  endpoint: string
  close: () => Promise<void>
}

interface FeedDocument { _rid: string, _etag: string, _lsn?: number, [field: string]: unknown }

/** One collection's feed: the last version seen of each document and its position in the feed. */
class CollectionFeed {
  private lsn = 0
  private readonly seen = new Map<string, { etag: string, lsn: number }>()

  /** Positions every document changed since the last read; returns the current position. */
  private advance (documents: FeedDocument[]): number {
    for (const document of documents) {
      const last = this.seen.get(document._rid)
      if (last?.etag !== document._etag) this.seen.set(document._rid, { etag: document._etag, lsn: ++this.lsn })
    }
    return this.lsn
  }

  /** The documents changed after `since` ('*': from now on; undefined: from the beginning), oldest change first. */
  read (documents: FeedDocument[], since: string | undefined): { changed: FeedDocument[], position: number } {
    const position = this.advance(documents)
    const after = since === undefined ? 0 : since === '*' ? position : Number(since.replaceAll('"', ''))
    const changed = documents.map((document) => ({ ...document, _lsn: this.seen.get(document._rid)!.lsn }))
      .filter((document) => document._lsn > after).sort((a, b) => a._lsn - b._lsn)
    return { changed, position }
  }
}

const FEED_PATH = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs\/?$/

/**
 * Lets the server read the collection's documents whole (no paging, no condition), then answers for the feed: the
 * changed documents with 200, or 304 when there are none, and the position as the ETag either way.
 */
function answerFeed (feeds: Map<string, CollectionFeed>, request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', 'http://local').pathname
  const collection = FEED_PATH.exec(path)?.slice(1, 3).join('/') ?? path
  const since = request.headers['if-none-match'] as string | undefined
  for (const header of ['if-none-match', 'x-ms-max-item-count', 'x-ms-continuation']) delete request.headers[header]
  const end = response.end.bind(response) as (body?: string) => ServerResponse
  response.end = ((body?: string) => {
    if (response.statusCode !== 200 || body === undefined) return end(body)
    const feed = feeds.get(collection) ?? new CollectionFeed()
    feeds.set(collection, feed)
    const { changed, position } = feed.read((JSON.parse(body) as { Documents: FeedDocument[] }).Documents, since)
    response.setHeader('etag', `"${position}"`)
    response.setHeader('x-ms-item-count', String(changed.length))
    if (changed.length === 0) response.statusCode = 304
    return end(JSON.stringify({ Documents: changed, _count: changed.length }))
  }) as typeof response.end
}

/** Starts the server on `port` of 127.0.0.1 (0: any free one). */
export async function startCosmosFeedServer (port: number): Promise<CosmosFeedServer> {
  const server: Server = createHttpServer()
  const [serve] = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>
  const feeds = new Map<string, CollectionFeed>()
  server.removeAllListeners('request')
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'GET' && request.headers['a-im'] !== undefined) answerFeed(feeds, request, response)
    serve(request, response)
  })
  server.listen(port, '127.0.0.1')
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => { throw error })])
  } catch (error) {
    throw listenFailure(error, { host: '127.0.0.1', port })
  }
  const address = server.address() as { port: number }
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}
