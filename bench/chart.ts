// The chart in docs/performance.md: cold start runs per variant, and warm invocation percentiles, as one SVG.

export interface ChartData {
  cold: Array<{ label: string, runs: number[] }>
  warm: Array<{ label: string, p50: number, p90: number, p99: number }>
}

const WIDTH = 760
const ROW = 34
const LEFT = 190
const PLOT = WIDTH - LEFT - 40
const COLOURS = ['#4c78a8', '#72b7b2', '#f58518']
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;')

function axis (y: number, max: number, unit: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((fraction) => {
    const x = LEFT + fraction * PLOT
    return `<line x1="${x}" y1="${y}" x2="${x}" y2="${y + 4}" stroke="#888"/><text x="${x}" y="${y + 16}" text-anchor="middle">${Math.round(fraction * max)}${unit}</text>`
  })
  return `<line x1="${LEFT}" y1="${y}" x2="${LEFT + PLOT}" y2="${y}" stroke="#888"/>${ticks.join('')}`
}

export function chartSvg (data: ChartData, caption: string): string {
  const parts: string[] = []
  let y = 30
  parts.push(`<text x="10" y="${y}" font-weight="bold">Cold start: spawn to first response (ms), each run a dot, the bar its median</text>`)
  y += 14
  const coldMax = Math.max(...data.cold.flatMap((row) => row.runs)) * 1.05
  for (const row of data.cold) {
    const middle = y + ROW / 2
    parts.push(`<text x="${LEFT - 10}" y="${middle + 4}" text-anchor="end">${escape(row.label)}</text>`)
    for (const run of row.runs) parts.push(`<circle cx="${LEFT + (run / coldMax) * PLOT}" cy="${middle}" r="3" fill="#4c78a8" fill-opacity="0.5"/>`)
    const median = [...row.runs].sort((a, b) => a - b)[Math.floor(row.runs.length / 2)]
    parts.push(`<line x1="${LEFT + (median / coldMax) * PLOT}" y1="${middle - 10}" x2="${LEFT + (median / coldMax) * PLOT}" y2="${middle + 10}" stroke="#e45756" stroke-width="3"/>`)
    y += ROW
  }
  parts.push(axis(y, coldMax, ''))
  y += 50
  parts.push(`<text x="10" y="${y}" font-weight="bold">Warm invocation (µs): ${['p50', 'p90', 'p99'].map((name, index) => `<tspan fill="${COLOURS[index]}">${name}</tspan>`).join(', ')}</text>`)
  y += 14
  const warmMax = Math.max(...data.warm.map((row) => row.p99)) * 1.05
  for (const row of data.warm) {
    parts.push(`<text x="${LEFT - 10}" y="${y + ROW / 2 + 4}" text-anchor="end">${escape(row.label)}</text>`)
    ;[row.p50, row.p90, row.p99].forEach((value, index) => {
      parts.push(`<rect x="${LEFT}" y="${y + 4 + index * 9}" width="${(value / warmMax) * PLOT}" height="8" fill="${COLOURS[index]}"/>`)
    })
    y += ROW
  }
  parts.push(axis(y, warmMax, ''))
  y += 40
  parts.push(`<text x="10" y="${y}" fill="#555">${escape(caption)}</text>`)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y + 16}" font-family="sans-serif" font-size="12">` +
    `<rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>\n`
}
