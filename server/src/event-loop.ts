/**
 * Long CPU-bound loops (bulk imports) hand the event loop a turn now and then: PGlite answers
 * through promises only and pg notices a finished statement only when the loop runs, so without
 * a turn a long loop would hold back database pipelining, timers and other connections.
 */

/** Resolves after the event loop has run its pending I/O callbacks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
