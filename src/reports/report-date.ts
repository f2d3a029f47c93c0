// Report dates: UTC calendar days, YYYY-MM-DD.

export const REPORT_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$'
const REPORT_DATE = new RegExp(REPORT_DATE_PATTERN)
const DAY_MS = 24 * 60 * 60 * 1000

/** A real calendar day in YYYY-MM-DD: 2026-02-29 and 2026-13-01 are not. */
export function isReportDate (value: string): boolean {
  if (!REPORT_DATE.test(value)) return false
  const day = new Date(`${value}T00:00:00.000Z`)
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value
}

/** The UTC day before the one `at` falls on: the day a run at 02:00 UTC reports on. */
export const dayBefore = (at: Date): string => new Date(at.getTime() - DAY_MS).toISOString().slice(0, 10)
