/**
 * Per-member specialised functions. A closure created from one function
 * literal shares its call-site feedback with every other closure of that
 * literal, so a validator hook shared by many members turns megamorphic and
 * slow. Where the runtime allows code generation, each member gets its own
 * copy of the (fixed, library-written) source, tagged with a counter so no
 * compilation cache merges them; nothing from user data or member names
 * reaches the source. Where code generation is forbidden (CSP) or turned off
 * (`configure({ codegen: false })`), the caller falls back to an ordinary
 * closure. The runtime is probed once, by the shared probe in
 * decorators/codegen.ts (the registry's compiled codecs use the same one).
 *
 * @module
 */
import { codegenAllowed } from "../decorators/codegen.js";

let counter = 0;
/** Test hook override: `false` forbids code generation as a CSP would. */
let allowed: boolean | undefined;

/**
 * Builds `factory(...values)` from `body` (which must `return` a function),
 * with `names` bound to `values`; `undefined` when code generation is unavailable.
 */
export function specialise<F>(names: readonly string[], body: string, values: readonly unknown[]): F | undefined {
  if (allowed === false || !codegenAllowed()) return undefined;
  try {
    const factory = new Function(...names, `"use strict";\n/* decorum descriptor #${++counter} */\n${body}`) as (...args: unknown[]) => F;
    return factory(...values);
  } catch {
    return undefined;
  }
}

/** Test hook: forbids (or re-allows) code generation, as a CSP would. */
export function setCodegenAllowed(value: boolean | undefined): void {
  allowed = value;
}
