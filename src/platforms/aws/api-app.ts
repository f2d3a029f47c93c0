// The Lambda function's app: the same buildApp, initialised during the init phase by a top-level await.
import { ConfigError, loadConfig } from '../../config.ts'
import { createLambdaHandler } from './http-events.ts'

const config = loadConfig()
// Instances come and go: each signing cursors with a secret of its own would refuse the others' cursors.
if (config.cursorSecret === undefined) throw new ConfigError('CURSOR_SECRET', '', 'a secret of 32 characters or more, the same for every instance')

export const handler = await createLambdaHandler(config)
