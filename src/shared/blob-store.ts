// The object storage port (S3 buckets): the thumbnail function, the daily report and the API's report route use it.

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

/** A presigned browser upload: POST `fields` and then the file, as multipart/form-data, to `url`. */
export interface UploadForm {
  url: string
  fields: Record<string, string>
  expiresAt: Date
}

/** Links that let a browser upload or read one object without credentials, for a while. */
export interface SignedLinks {
  /** An upload of exactly one object at `key`, of `contentType`, of 1 to `maxBytes` bytes: all enforced by the policy. */
  uploadForm: (key: string, options: { contentType: string, maxBytes: number }) => Promise<UploadForm>
  /** A GET URL per key, valid for the links' lifetime. */
  viewUrls: (keys: string[]) => Promise<string[]>
}
