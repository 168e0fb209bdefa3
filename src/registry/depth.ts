/**
 * Nesting and the call stack. `serialize` and `deserialize` recurse only for
 * the first {@link depthSettings}.recursive levels of a value (the fast path:
 * nearly every real document); deeper subtrees are walked with an explicit
 * stack of jobs on the heap. So a document's depth is bounded by `maxDepth`
 * alone, never by how much call stack is left, and every depth up to
 * `maxDepth` works the same whatever the caller's stack. (A custom codec's
 * `ctx.encode` / `ctx.decode` is a call; each codec nesting level costs a
 * few frames.)
 *
 * @module
 */

/**
 * How many levels the encoder (`recursive`) and the decoder (`decode`)
 * recurse before switching to the explicit-stack walk. The decoder recurses
 * deeper: should the stack run out first (a cold decoder's large frames, or
 * a caller that left little stack), it starts the document over with
 * `recursive` as its limit, so the answer never depends on the stack.
 * Internal: tests lower them to run every document through the iterative
 * walk and compare.
 */
export const depthSettings: { recursive: number; decode: number } = { recursive: 16, decode: 1_000 };

/** `true` for the engine's "Maximum call stack size exceeded". */
export function isStackOverflow(e: unknown): boolean {
  // No RegExp: compiling one near the end of the stack overflows in its turn (V8 in Chromium).
  return e instanceof RangeError && String(e.message).includes("call stack");
}
