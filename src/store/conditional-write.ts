// A write to an existing record, under a condition DynamoDB checks in the write itself: when it cannot apply, nothing
// was written, and a read afterwards only says whether the record is missing or held another version.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { VersionMismatchError, type VersionCondition } from './item-store.ts'

/**
 * Runs `write` (conditional on the record existing and, with `condition`, holding one of its versions). When the
 * condition fails: `missing` if the record does not exist, VersionMismatchError if it holds another version. A
 * condition naming no version never writes.
 */
export async function writeExisting<T> (condition: VersionCondition | undefined, missing: T, write: () => Promise<T>, exists: () => Promise<boolean>): Promise<T> {
  if (condition?.versions.length !== 0) {
    try {
      return await write()
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
      if (condition === undefined) return missing
    }
  }
  if (await exists()) throw new VersionMismatchError()
  return missing
}
