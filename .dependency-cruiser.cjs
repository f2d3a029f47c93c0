// The import rules of the layout (src/README.md): `npm test` runs `npm run deps`, which fails on any violation.
// Imports run one way: platforms → handlers and http → the domain → shared; adapters implement the domain's ports
// and are chosen by a platform; nothing shipped imports what only a laptop, a test or the build uses.
const DOMAIN = '^src/(items|orders|images|reports)/'
const ROOT = '^src/(app|config|logger)\\.ts$'
const CLOUD_SDKS = 'node_modules/(@aws-sdk|@smithy|@aws-lambda-powertools|@opensearch-project|@azure|@types/aws-lambda)/'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A module never imports itself back, however far round.',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'shipped-code-stands-alone',
      comment: 'src/ is what ships: it imports nothing of local/, test/, bench/ or scripts/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(local|test|bench|scripts)/' }
    },
    {
      name: 'tools-never-import-tests',
      comment: 'bench/, scripts/ and local/ run without the tests; what they share with them lives with them.',
      severity: 'error',
      from: { path: '^(bench|scripts|local)/' },
      to: { path: '^test/' }
    },
    {
      name: 'shared-is-the-bottom',
      comment: 'src/shared/ is what every layer may use: it imports nothing else of src/.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' }
    },
    {
      name: 'domain-is-pure',
      comment: 'The domain (items, orders, images, reports) knows no HTTP, handler, adapter, platform, settings or logger.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: ['^src/(http|handlers|adapters|platforms)/', ROOT] }
    },
    {
      name: 'domain-features-one-way',
      comment: 'An item shows its image and a report adds up orders, not the reverse: images and orders import no other feature.',
      severity: 'error',
      from: { path: '^src/(images|orders)/' },
      to: { path: DOMAIN, pathNot: '^src/$1/' }
    },
    {
      name: 'handlers-are-platform-neutral',
      comment: 'A handler takes plain inputs and ports: no HTTP, no adapter, no platform, no cloud SDK or Lambda type.',
      severity: 'error',
      from: { path: '^src/handlers/' },
      to: { path: ['^src/(http|adapters|platforms)/', '^src/app\\.ts$', CLOUD_SDKS] }
    },
    {
      name: 'http-is-platform-neutral',
      comment: 'The Fastify app takes its ports from its caller: it imports no handler, adapter, platform or cloud SDK.',
      severity: 'error',
      from: { path: ['^src/http/', '^src/app\\.ts$'] },
      to: { path: ['^src/(handlers|adapters|platforms)/', CLOUD_SDKS] }
    },
    {
      name: 'domain-and-shared-have-no-cloud-sdk',
      comment: 'Cloud SDKs and Lambda types belong to the adapters and the platforms.',
      severity: 'error',
      from: { path: [DOMAIN, '^src/shared/', ROOT] },
      to: { path: CLOUD_SDKS }
    },
    {
      name: 'azure-sdks-in-azure-code',
      comment: 'Azure\'s SDKs belong to Azure\'s adapters (Cosmos DB, Storage) and the Azure platform\'s entries and bindings.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/adapters/(cosmos|azure-storage)/', '^src/platforms/azure/'] },
      to: { path: 'node_modules/@azure/' }
    },
    {
      name: 'aws-sdks-in-aws-code',
      comment: 'AWS\'s SDKs, Powertools and the OpenSearch client belong to AWS\'s adapters and the AWS platform.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/adapters/(dynamodb|s3|sqs|opensearch|aws-sdk)/', '^src/platforms/aws/'] },
      to: { path: 'node_modules/(@aws-sdk|@smithy|@aws-lambda-powertools|@opensearch-project|@types/aws-lambda)/' }
    },
    {
      name: 'adapters-implement-ports',
      comment: 'An adapter implements the domain\'s ports: it imports no HTTP, handler, platform or the app.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: ['^src/(http|handlers|platforms)/', '^src/app\\.ts$'] }
    },
    {
      name: 'adapters-one-backend-each',
      comment: 'A backend\'s adapters import no other backend\'s; aws-sdk/ holds what the AWS clients share.',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/', '^src/adapters/aws-sdk/'] }
    },
    {
      name: 'platforms-apart',
      comment: 'One platform never imports another\'s entries or wiring.',
      severity: 'error',
      from: { path: '^src/platforms/([^/]+)/' },
      to: { path: '^src/platforms/', pathNot: '^src/platforms/$1/' }
    },
    {
      name: 'shipped-code-uses-production-packages',
      comment: 'What src/ imports at run time is a dependency, not a devDependency (type-only imports excepted).',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^src/platforms/aws/generated/.*\\.cjs$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] }
  }
}
