// The one-line explanations of start-up failures, for the causes a process test cannot easily make (privileged ports,
// foreign addresses) and for errors that are not theirs to explain.
import t from 'tap'
import { ConfigError } from '../../src/config.ts'
import { listenFailure, startupFailureLine, storeFailure } from '../../local/startup-errors.ts'

const failure = (code: string): Error => Object.assign(new Error(`listen ${code}`), { code })

t.test('listening', async (t) => {
  const where = { host: '10.9.9.9', port: 80 }
  t.match(startupFailureLine(listenFailure(failure('EACCES'), where)), /^Port 80 on 10\.9\.9\.9 needs privileges .+ Set PORT to a port above 1023\.$/)
  t.match(startupFailureLine(listenFailure(failure('EADDRNOTAVAIL'), where)), /^HOST=10\.9\.9\.9 is not an address of this machine\. Set HOST/)
  const other = failure('EMFILE')
  t.equal(listenFailure(other, where), other, 'anything else passes through')
  t.equal(startupFailureLine(other), 'items-api failed to start: listen EMFILE')
})

t.test('the store', async (t) => {
  const refused = Object.assign(new Error('wrapped'), { cause: failure('ENOTFOUND') })
  t.match(startupFailureLine(storeFailure(refused, 'http://db:8000')), /^DynamoDB at http:\/\/db:8000 cannot be reached \(ENOTFOUND\)\./, 'a code in the cause')
  const denied = Object.assign(new Error('AccessDeniedException: no'), { name: 'AccessDeniedException' })
  t.equal(storeFailure(denied, 'http://db:8000'), denied, 'a store that answers is not unreachable')
  const embedded = failure('ECONNREFUSED')
  t.equal(storeFailure(embedded, undefined), embedded, 'the embedded store\'s endpoint is not the user\'s to fix')
})

t.test('the line', async (t) => {
  t.equal(startupFailureLine(new ConfigError('PORT', 'x', 'a port')), 'Invalid PORT="x": expected a port')
  t.equal(startupFailureLine(new Error('first\nsecond')), 'items-api failed to start: first', 'one line, never more')
  t.equal(startupFailureLine('a string'), 'items-api failed to start: a string')
})
