// Lambda entry: the thumbnail function, on the images bucket's ObjectCreated under uploads/ (serverless.yml `thumbnails`).
import { thumbnailsFunction } from '../thumbnails-function.ts'
import { thumbnailSettings } from '../settings.ts'

export const handler = thumbnailsFunction(thumbnailSettings(process.env))
