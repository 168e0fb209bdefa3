/**
 * `Heap.replace` is kept over V8's inlining limit (460 bytes of bytecode) on purpose: inlined into a
 * top-k loop (`if (x > h.peek()) h.replace(x)`), its sift loop made TurboFan spill the caller's loop
 * values on every iteration (bench: top-k). The method's source is compiled alone in a child `node`
 * and its bytecode length read from `--print-bytecode`; no timing is involved.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Heap } from "../../src/collections/index.js";

/** V8's `--max-inlined-bytecode-size` default (the same in Node 18 to 24). */
const V8_INLINE_LIMIT = 460;

function bytecodeLength(method: (...args: never[]) => unknown, name: string): number {
  // An object-literal method with the same body; run once (on an empty heap's fields) so V8 compiles it.
  const script = `const o = { ${method.toString()} };
o.${name}.call({ _fast: 0, _size: 0, _mode: 0, push() {} }, 1);`;
  const r = spawnSync(process.execPath, ["--print-bytecode", `--print-bytecode-filter=${name}`, "-e", script], { encoding: "utf8" });
  const m = /Bytecode length: (\d+)/.exec(r.stdout);
  if (!m) throw new Error(`no bytecode printed for ${name}:\n${r.stdout}\n${r.stderr}`);
  return Number(m[1]);
}

describe("Heap.replace stays out of its callers' loops", () => {
  it("has more bytecode than V8 inlines", () => {
    const n = bytecodeLength(Heap.prototype.replace, "replace");
    expect(n).toBeGreaterThan(V8_INLINE_LIMIT);
  });
});
