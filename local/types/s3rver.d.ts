// Type declarations for s3rver (the local system's S3-compatible server), which ships none: what is used of it.
declare module 's3rver' {
  import { EventEmitter } from 'node:events'

  interface S3rverOptions {
    address?: string
    port?: number
    silent?: boolean
    directory: string
    resetOnClose?: boolean
    allowMismatchedSignatures?: boolean
    configureBuckets?: Array<{ name: string, configs?: Array<string | Buffer> }>
  }

  /** One S3 notification as s3rver emits it (an approximation of S3's). */
  interface S3rverEvent {
    Records: Array<{
      eventName: string
      eventTime: string
      s3: { bucket: { name: string }, object: { key: string, size?: number, eTag?: string, sequencer: string } }
    }>
  }

  export default class S3rver extends EventEmitter {
    constructor (options: S3rverOptions)
    /** Koa's middleware list, composed when the server runs. */
    middleware: unknown[]
    run (): Promise<{ address: string, port: number }>
    close (): Promise<void>
    on (event: 'event', listener: (event: S3rverEvent) => void): this
  }
}
