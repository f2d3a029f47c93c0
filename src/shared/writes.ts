// What every store's writes share: the version a write may be conditional on, and what an idempotent create answers.

/**
 * A write's precondition on the stored version (an HTTP `If-Match`): the write applies only when the record's version
 * is one of `versions`, at most MAX_CONDITION_VERSIONS of them. An empty list matches no version.
 */
export interface VersionCondition { versions: number[] }

/** The most versions one condition may name: DynamoDB's IN takes at most 100 operands. */
export const MAX_CONDITION_VERSIONS = 100

/** What an idempotent create answers: the entity, and whether a previous request with the same key created it. */
export interface Created<Entity> {
  value: Entity
  replayed: boolean
}
