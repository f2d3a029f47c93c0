// Money as whole cents: amounts have at most two decimal places, so sums and averages in cents are exact integers.

/** An amount of at most two decimal places, in cents; 0.07 × 100 is 7.000000000000001 in floating point, hence the rounding. */
export const toCents = (amount: number): number => Math.round(amount * 100)

/** Cents as the amount JSON shows: 1234567 → 12345.67, the nearest double to that decimal, printed as it. */
export const fromCents = (cents: number): number => cents / 100

/** `total` ÷ `count` in cents, half rounded up; 0 when there is nothing to divide. Integer arithmetic only. */
export function averageCents (total: number, count: number): number {
  return count === 0 ? 0 : Math.floor((2 * total + count) / (2 * count))
}
