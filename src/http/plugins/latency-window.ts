// A fixed-size window of recent latencies, so percentiles stay cheap and memory stays flat.

export interface LatencySummary {
  p50: number
  p90: number
  p99: number
  max: number
}

export class LatencyWindow {
  readonly #samples: Float64Array
  #next = 0
  #filled = 0

  constructor (size = 1024) {
    this.#samples = new Float64Array(size)
  }

  record (milliseconds: number): void {
    this.#samples[this.#next] = milliseconds
    this.#next = (this.#next + 1) % this.#samples.length
    this.#filled = Math.min(this.#filled + 1, this.#samples.length)
  }

  /** Nearest-rank percentiles over the window, in milliseconds rounded to 0.01. */
  summary (): LatencySummary {
    const sorted = this.#samples.slice(0, this.#filled).sort()
    const rank = (percentile: number): number => {
      if (sorted.length === 0) return 0
      const value = sorted[Math.ceil((percentile / 100) * sorted.length) - 1]
      return Math.round(value * 100) / 100
    }
    return { p50: rank(50), p90: rank(90), p99: rank(99), max: rank(100) }
  }
}
