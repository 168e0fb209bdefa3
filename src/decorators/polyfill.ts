/**
 * Side-effect module: makes `Symbol.metadata` exist on runtimes that lack it
 * (Node 20), so standard decorators get a per-class `context.metadata`
 * object. Uses `Symbol.for("Symbol.metadata")`, the key TypeScript, Lit and
 * other polyfills agree on, so every copy of every library sees one symbol.
 *
 * @module
 */
const S = Symbol as unknown as { metadata?: symbol };
if (typeof S.metadata !== "symbol") {
  Object.defineProperty(Symbol, "metadata", {
    value: Symbol.for("Symbol.metadata"),
    writable: false,
    enumerable: false,
    configurable: false,
  });
}

/** The `Symbol.metadata` key, native or polyfilled. */
export const METADATA: symbol = (Symbol as unknown as { metadata: symbol }).metadata;
