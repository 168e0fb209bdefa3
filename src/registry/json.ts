/**
 * `JSON.stringify(tree, null, space)` for wire trees of any depth. V8's own
 * `JSON.stringify` recurses on the call stack (about 4,100 object levels with
 * an empty stack, fewer when called from deep code); this writer keeps its
 * own stack on the heap, so `serialize` writes every depth the encoder
 * accepts (`maxDepth`). Output is byte-for-byte what `JSON.stringify` gives
 * for the same tree; values that are not plain objects, arrays or primitives
 * (what a custom codec may put in its payload) are handed to `JSON.stringify`.
 *
 * @module
 */

interface Frame {
  readonly node: Record<string, unknown> | unknown[];
  readonly keys: readonly string[] | undefined;
  i: number;
  wrote: boolean;
  readonly indent: string;
}

function gapOf(space: string | number | undefined): string {
  if (typeof space === "number") return " ".repeat(Math.max(0, Math.min(10, Math.floor(space))));
  return typeof space === "string" ? space.slice(0, 10) : "";
}

function isPlainNode(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  if (Array.isArray(v)) return p === Array.prototype;
  return (p === Object.prototype || p === null) && typeof (v as { toJSON?: unknown }).toJSON !== "function";
}

/** The JSON text of `tree` (as `JSON.stringify(tree, null, space)`), without recursion. */
export function stringifyDeep(tree: unknown, space?: string | number): string | undefined {
  const gap = gapOf(space);
  const out: string[] = [];
  const stack: Frame[] = [];
  /** Writes a value; returns false when it is skipped (undefined, function, symbol in an object). */
  const value = (v: unknown, indent: string): boolean => {
    if (v !== null && typeof v === "object" && isPlainNode(v)) {
      const keys = Array.isArray(v) ? undefined : Object.keys(v);
      out.push(keys === undefined ? "[" : "{");
      stack.push({ node: v as Record<string, unknown>, keys, i: 0, wrote: false, indent: indent + gap });
      return true;
    }
    const text = JSON.stringify(v, null, gap);
    if (text === undefined) return false;
    out.push(gap !== "" && indent !== "" ? text.replace(/\n/g, `\n${indent}`) : text);
    return true;
  };
  if (!value(tree, "")) return undefined;
  while (stack.length > 0) {
    const f = stack[stack.length - 1] as Frame;
    const sep = gap === "" ? "" : `\n${f.indent}`;
    if (f.keys === undefined) {
      const a = f.node as unknown[];
      if (f.i < a.length) {
        const v = a[f.i++];
        out.push(f.i > 1 ? `,${sep}` : sep);
        const t = typeof v;
        if (v === undefined || t === "function" || t === "symbol") out.push("null");
        else value(v, f.indent);
        continue;
      }
      stack.pop();
      out.push(a.length > 0 && gap !== "" ? `\n${f.indent.slice(0, f.indent.length - gap.length)}]` : "]");
      continue;
    }
    if (f.i < f.keys.length) {
      const k = f.keys[f.i++] as string;
      const v = (f.node as Record<string, unknown>)[k];
      const t = typeof v;
      if (v === undefined || t === "function" || t === "symbol") continue;
      out.push(`${f.wrote ? "," : ""}${sep}${JSON.stringify(k)}:${gap === "" ? "" : " "}`);
      f.wrote = true;
      value(v, f.indent);
      continue;
    }
    stack.pop();
    out.push(f.wrote && gap !== "" ? `\n${f.indent.slice(0, f.indent.length - gap.length)}}` : "}");
  }
  return out.join("");
}
