// The port the handlers count what they did through (messages sent, images ready, …): each platform turns the counts
// into its own metrics (CloudWatch's EMF on AWS), flushed when the invocation ends.

export interface Counters {
  /** Adds `value` (1 by default) to the count named `name` for this invocation. */
  count: (name: string, value?: number) => void
}
