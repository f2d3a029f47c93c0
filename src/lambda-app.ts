// The Lambda function's app: the same buildApp, initialised during the init phase by a top-level await.
import { loadConfig } from './config.ts'
import { createLambdaHandler } from './lambda-handler.ts'

export const handler = await createLambdaHandler(loadConfig())
