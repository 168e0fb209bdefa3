/**
 * Imported first by the CSP test pages: counts successful `new Function`
 * calls (generated code) and `securitypolicyviolation` events, and reports
 * both with the page's output once pending violation events are delivered.
 */
const RealFunction = globalThis.Function;
let generated = 0;
globalThis.Function = new Proxy(RealFunction, {
  construct(target, args, newTarget) {
    const f = Reflect.construct(target, args, newTarget);
    generated++;
    return f;
  },
  apply(target, self, args) {
    const f = Reflect.apply(target, self, args);
    generated++;
    return f;
  },
});
const violations: string[] = [];
// (The project's type-check has no DOM lib; this file only runs in a page.)
type Violation = { violatedDirective: string; blockedURI: string };
const page = globalThis as unknown as { document: { addEventListener(type: string, f: (e: Violation) => void): void } };
page.document.addEventListener("securitypolicyviolation", (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));

/** Publishes the page's results once violation events (dispatched asynchronously) have arrived. */
export function watch(result: { output: string[] }): void {
  setTimeout(() => {
    (globalThis as { __done?: unknown }).__done = { ...result, generated, violations };
  }, 200);
}
