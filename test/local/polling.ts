// What the local systems' end-to-end tests wait and read with: a probe polled until it answers, and a JSON answer.

/** Polls `probe` until it returns something other than undefined, or fails after `seconds`. */
export async function eventually<T> (what: string, probe: () => Promise<T | undefined>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`not within ${seconds} s: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The status and the parsed body (none for a 204) of one request. */
export async function json (url: string, init?: RequestInit): Promise<{ status: number, body: any }> {
  const response = await fetch(url, init)
  return { status: response.status, body: response.status === 204 ? undefined : await response.json() }
}
