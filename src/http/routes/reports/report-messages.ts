// What report requests answer in words: the route sends these, and the OpenAPI examples show them.
import { ApiError } from '../../api-errors.ts'

/** A date of the right shape that is no calendar day, such as 2026-02-30. */
export function notACalendarDay (): ApiError {
  return new ApiError(400, 'VALIDATION_ERROR', 'Path parameter is invalid', { details: [{ field: 'date', message: 'must be a calendar day (YYYY-MM-DD)' }] })
}

/** No reports bucket in this deployment (`npm run dev`). */
export const REPORTS_UNAVAILABLE = 'Reports are unavailable: no reports bucket is configured'
