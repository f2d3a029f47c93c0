// The object storage port (S3 buckets, Blob Storage containers): the thumbnail function, the daily report and the API's report route use it.

export interface PutOptions {
  contentType: string
  /** User metadata, stored with the object (x-amz-meta-*). */
  metadata?: Record<string, string>
  cacheControl?: string
}

export interface BlobStore {
  /** The object's bytes; undefined when there is no such object. */
  get: (key: string) => Promise<Uint8Array | undefined>
  put: (key: string, body: Uint8Array | string, options: PutOptions) => Promise<void>
  /** Deletes the objects; a key with no object is no error. */
  delete: (keys: string[]) => Promise<void>
}

/**
 * A presigned browser upload, in one of two shapes: `POST` (S3) sends `fields` and then the file as multipart/form-data
 * to `url`, and `headers` is empty; `PUT` (Azure Blob Storage) sends the file as the body to `url` with `headers`, and
 * `fields` is empty.
 */
export interface UploadForm {
  method: 'POST' | 'PUT'
  url: string
  fields: Record<string, string>
  headers: Record<string, string>
  expiresAt: Date
}

/** How long signed links work. */
export interface LinkLifetimes {
  /** How long an upload form is accepted. */
  uploadSeconds: number
  /** How long a GET URL works. */
  viewSeconds: number
}

/** Links that let a browser upload or read one object without credentials, for a while. */
export interface SignedLinks {
  /**
   * An upload of exactly one object at `key`, of `contentType`, of 1 to `maxBytes` bytes. S3's POST policy enforces all
   * three; an Azure SAS only the key (the thumbnail function refuses the wrong size or format).
   */
  uploadForm: (key: string, options: { contentType: string, maxBytes: number }) => Promise<UploadForm>
  /** A GET URL per key, valid for the links' lifetime. */
  viewUrls: (keys: string[]) => Promise<string[]>
}
