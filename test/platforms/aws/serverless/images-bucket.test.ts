// The images bucket's lifecycle as serverless.yml declares it, read from the YAML (no packaging): uploads/ expire,
// the rules already there stay.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { parse } from 'yaml'

t.test('uploads/ expire after 14 days; replaced versions still go after 30, unfinished uploads after 1', async (t) => {
  // CloudFormation's tags (!GetAtt, !Sub, …) are not YAML's own: read as plain values, without a warning for each.
  const serverless = parse(await readFile('serverless.yml', 'utf8'), { logLevel: 'error' })
  const { Rules } = serverless.resources.Resources.ImagesBucket.Properties.LifecycleConfiguration
  t.same(Rules, [
    { Id: 'expire-old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
    { Id: 'expire-uploads', Status: 'Enabled', Prefix: 'uploads/', ExpirationInDays: 14 }
  ])
  const failures = serverless.resources.Resources.FunctionFailures.Properties
  t.equal(failures.MessageRetentionPeriod, 14 * 24 * 3600, 'as long as a failed event is kept: sent back to the function, it finds its upload')
})
