/**
 * Per-member specialised functions. A closure created from one function
 * literal shares its call-site feedback with every other closure of that
 * literal, so a validator hook shared by many members turns megamorphic and
 * slow. Where the runtime allows code generation, each member gets its own
 * copy of the (fixed, library-written) source, tagged with a counter so no
 * compilation cache merges them; nothing from user data or member names
 * reaches the source. Where code generation is forbidden (CSP), the caller
 * falls back to an ordinary closure.
 *
 * @module
 */

let counter = 0;
let allowed: boolean | undefined;

/**
 * Builds `factory(...values)` from `body` (which must `return` a function),
 * with `names` bound to `values`; `undefined` when code generation is unavailable.
 */
export function specialise<F>(names: readonly string[], body: string, values: readonly unknown[]): F | undefined {
  if (allowed === false) return undefined;
  try {
    const factory = new Function(...names, `"use strict";\n/* decorum descriptor #${++counter} */\n${body}`) as (...args: unknown[]) => F;
    allowed = true;
    return factory(...values);
  } catch {
    allowed = false;
    return undefined;
  }
}

/** Test hook: forbids (or re-allows) code generation, as a CSP would. */
export function setCodegenAllowed(value: boolean | undefined): void {
  allowed = value;
}
