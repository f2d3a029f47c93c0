// Modules the AWS SDK and pino import only where this function never runs, in the Lambda bundle:
// - the SDK's credential providers after the first: on Lambda the execution role's credentials are always in the
//   environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the provider chain stops at
//   fromEnv and never loads SSO, INI, process, web-identity, login, container or instance-metadata credentials, nor
//   the STS and sign-in clients they use;
// - bowser, which parses a browser's user agent, and the event-stream codec, which no call these functions make uses
//   (S3's SelectObjectContent would: the S3 client's config only sets it up, with resolveEventStreamSerdeConfig below);
// - thread-stream, behind pino's transports (pino-pretty in a development terminal only).
// Each export throws, naming what was asked for, should any of them ever be reached.
'use strict'

function unavailable (name) {
  return function notOnLambda () {
    throw new Error(`${name} is not in the Lambda bundle (scripts/bundle/not-on-lambda.cjs): on Lambda the credentials come from the environment`)
  }
}

// The names the SDK and pino take from these modules.
for (const name of [
  'fromSSO', 'fromIni', 'fromProcess', 'fromTokenFile', 'fromLoginCredentials', 'fromHttp', 'fromContainerMetadata',
  'fromInstanceMetadata', 'getDefaultRoleAssumer', 'getDefaultRoleAssumerWithWebIdentity', 'SigninClient',
  'CreateOAuth2TokenCommand', 'EventStreamSerde', 'eventStreamSerdeProvider', 'parse', 'getParser'
]) exports[name] = unavailable(name)

// The S3 client resolves its config through this at construction; with no codec it leaves the config as it is, and
// only an event-stream call (never made) would find the codec missing.
exports.resolveEventStreamSerdeConfig = (config) => config
