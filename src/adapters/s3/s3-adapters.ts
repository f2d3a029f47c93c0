// The S3 adapters the API loads on first use (src/adapters/s3/lazy-s3.ts), in one module: the Lambda build bundles it on its
// own, so that none of the S3 client's code joins the chunks the API's init loads.
export { createS3Client } from './s3-client.ts'
export { S3BlobStore } from './s3-blob-store.ts'
export { S3SignedLinks } from './s3-signed-links.ts'
