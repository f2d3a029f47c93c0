// Conditional writes that know their own. Every write stores a token of its own on the record; when the SDK retries a
// write that DynamoDB applied but whose answer was lost, the retry's condition fails, and the token on the record says
// that the write refused is this very write, already done, not another request's change.
import { randomUUID } from 'node:crypto'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { rethrowAsStoreError } from '../aws-sdk/sdk-errors.ts'
import type { VersionCondition } from '../../shared/writes.ts'

/** The attribute holding the token of the last write to a record; storage only, never shown. */
export const WRITE_TOKEN = 'write_token'

/** A token for one write, the same for every attempt the SDK makes of it. */
export const newWriteToken = (): string => randomUUID()

/** A record as stored, with the token of its last write. */
export type Stored<T> = T & { [WRITE_TOKEN]?: string }

/** The record without its storage-only fields. */
export function withoutToken<T extends object> (record: Stored<T>): T {
  const { [WRITE_TOKEN]: _token, ...rest } = record
  return rest as T
}

export interface Condition {
  ConditionExpression: string
  ExpressionAttributeNames: Record<string, string>
  ExpressionAttributeValues: Record<string, unknown>
}

/**
 * The condition of a write to an existing record: the record exists (`key` is its key attribute), the write is not
 * this token's own retry, and, with a version condition, the record is at one of its versions. `clause` adds one more
 * test (an order's status), with its names and values.
 */
export function existingRecord (key: string, token: string, condition?: VersionCondition,
  clause?: { expression: string, names: Record<string, string>, values: Record<string, unknown> }): Condition {
  const names: Record<string, string> = { '#key': key, '#write_token': WRITE_TOKEN, ...clause?.names }
  const values: Record<string, unknown> = { ':write_token': token, ...clause?.values }
  const tests = ['attribute_exists(#key)', '#write_token <> :write_token']
  if (clause !== undefined) tests.push(clause.expression)
  if (condition !== undefined) {
    names['#version'] = 'version'
    const operands = condition.versions.map((version, index) => {
      values[`:version${index}`] = version
      return `:version${index}`
    })
    tests.push(`#version IN (${operands.join(', ')})`)
  }
  return { ConditionExpression: tests.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values }
}

/**
 * What a conditional write did: `applied` (this write, on its first attempt or through a retry of one whose answer was
 * lost), `refused` by another's state (the record as it is), or `missing`: no record, and `retried` when an earlier
 * attempt of this write may have been the one that removed it.
 */
export type Written<T, Applied = Stored<T>> =
  | { kind: 'applied', record: Applied | Stored<T> }
  | { kind: 'refused', record: Stored<T> }
  | { kind: 'missing', retried: boolean }

/**
 * Runs `write`, which must ask DynamoDB for the record on a failed condition (ReturnValuesOnConditionCheckFailure);
 * stores that do not answer it (dynalite) are read afresh with `read`, a strongly consistent read. `applied` holds
 * what `write` answered, or the record as this write's earlier attempt left it.
 */
export async function writeOnce<T extends object, Applied = Stored<T>> (token: string, write: () => Promise<Applied>,
  read: () => Promise<Stored<T> | undefined>): Promise<Written<T, Applied>> {
  try {
    return { kind: 'applied', record: await write() }
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error
    const record = error.Item === undefined ? await read() : unmarshall(error.Item) as Stored<T>
    if (record === undefined) return { kind: 'missing', retried: (error.$metadata.attempts ?? 1) > 1 }
    return { kind: record[WRITE_TOKEN] === token ? 'applied' : 'refused', record }
  }
}

/**
 * Stores a new record under its key unless one is there: `stored` when a write with `token` stored it (this one, a
 * lost answer's retry, or another request finishing the same idempotent create), `taken` when the key holds another
 * record. A record found gone again after a retried put counts as stored: the put that made it was most likely this one.
 */
export async function putNew<T extends object> (documents: DynamoDBDocumentClient, tableName: string, key: string, record: T,
  token: string, read: () => Promise<Stored<T> | undefined>): Promise<'stored' | 'taken'> {
  const item: Stored<T> = { ...record, [WRITE_TOKEN]: token }
  const written = await writeOnce<T, undefined>(token, async () => {
    await documents.send(new PutCommand({
      TableName: tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(#key)',
      ExpressionAttributeNames: { '#key': key },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
    })).catch(rethrowAsStoreError)
  }, read)
  if (written.kind === 'missing') return written.retried ? 'stored' : 'taken'
  return written.kind === 'applied' ? 'stored' : 'taken'
}
