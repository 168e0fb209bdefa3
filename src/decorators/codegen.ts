/**
 * The one switch and the one probe for code generation. decorum generates
 * small specialised functions with `new Function` (per-member validators in
 * descriptors, per-class codecs in the registry) where the runtime allows it,
 * and uses equivalent closures where it does not (a Content-Security-Policy
 * without `'unsafe-eval'`, `--disallow-code-generation-from-strings`). Both
 * paths produce the same results; generated code is only faster.
 *
 * Whether `new Function` works is probed once per realm, the first time it is
 * needed, and cached: under a CSP that forbids it the page reports a single
 * violation. `configure({ codegen: false })` turns generation off globally and
 * skips the probe, so such a page reports none.
 *
 * @module
 */
import { argumentError } from "../errors.js";

/** Global settings of decorum, see {@link configure}. */
export interface DecorumSettings {
  /**
   * `true` (default): generate specialised code where the runtime allows it
   * (probed once). `false`: never call `new Function`; use the equivalent
   * closures and interpreted codecs.
   */
  codegen?: boolean;
}

let enabled = true;
let probed: boolean | undefined;

/**
 * Changes decorum's global settings. Code generation happens when a class is
 * defined (validated members) and when a class is first encoded or decoded,
 * so call this before your models are imported: in a module of its own,
 * imported first.
 *
 * @example
 * ```ts
 * // csp.ts, imported before any model: the page's CSP has no 'unsafe-eval'
 * import { configure } from "decorum";
 * configure({ codegen: false });
 * ```
 * @throws {TypeError} when an option has the wrong type.
 */
export function configure(settings: DecorumSettings): void {
  if (typeof settings !== "object" || settings === null) {
    throw argumentError(TypeError, "configure", "settings", "an object", settings);
  }
  if (settings.codegen !== undefined) {
    if (typeof settings.codegen !== "boolean") {
      throw argumentError(TypeError, "configure", "codegen", "a boolean", settings.codegen);
    }
    enabled = settings.codegen;
  }
}

/**
 * `true` when decorum may generate code: enabled by {@link configure} and
 * allowed by the runtime. The runtime is probed at most once.
 *
 * @example
 * ```ts
 * const fast = codegenAllowed() ? new Function("a", "return a")(1) : 1;
 * ```
 */
export function codegenAllowed(): boolean {
  if (!enabled) return false;
  if (probed === undefined) {
    try {
      probed = new Function("return 1")() === 1;
    } catch {
      probed = false;
    }
  }
  return probed;
}
