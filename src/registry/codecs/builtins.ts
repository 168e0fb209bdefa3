/**
 * Codecs for the JavaScript built-ins JSON cannot carry. Every
 * {@link Registry} (the default one and each `new Registry()`) starts with
 * them: they are part of the wire format (docs/wire-format.md), so nothing
 * here runs at import time.
 *
 * @module
 */
import type { Codec, DecodeContext } from "../codec.js";

/** Tags with a fixed meaning that no codec or model may take. */
export const RESERVED_TAGS: ReadonlySet<string> = new Set(["object", "array", "ref"]);

/** Strings, booleans and numbers JSON carries exactly (finite, not -0). */
function jsonPrimitive(x: unknown): boolean {
  return typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && x - x === 0 && (x !== 0 || 1 / x > 0));
}

function bad(ctx: DecodeContext, expected: string, payload: unknown, code = "payload"): undefined {
  ctx.issue({ code, message: `expected ${expected}`, expected, received: payload });
  return undefined;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
type BufferLike = { from(x: ArrayBufferLike | string, a?: number | string, b?: number): Uint8Array & { toString(enc: string): string } };
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
  return btoa(s);
}

function fromBase64(s: unknown, ctx: DecodeContext): Uint8Array | undefined {
  if (typeof s !== "string" || !B64.test(s)) return bad(ctx, "a base64 string", s);
  if (NodeBuffer) {
    const b = NodeBuffer.from(s, "base64");
    const out = new Uint8Array(b.length);
    out.set(b);
    return out;
  }
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const undefinedCodec: Codec<undefined> = {
  name: "undefined",
  test: (v): v is undefined => v === undefined,
  encode: () => undefined,
  decode: () => undefined,
};

const SPECIAL_NUMBERS = new Map<unknown, number>([
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
  ["-0", -0],
]);

const numberCodec: Codec<number> = {
  name: "number",
  test: (v): v is number => typeof v === "number",
  encode: (v) => (Object.is(v, -0) ? "-0" : String(v)),
  decode: (p, ctx) => {
    const n = SPECIAL_NUMBERS.get(p);
    return n === undefined ? bad(ctx, '"NaN", "Infinity", "-Infinity" or "-0"', p) : n;
  },
};

const bigintCodec: Codec<bigint> = {
  name: "bigint",
  test: (v): v is bigint => typeof v === "bigint",
  encode: (v) => v.toString(),
  decode: (p, ctx) => (typeof p === "string" && /^-?\d+$/.test(p) ? BigInt(p) : bad(ctx, "a decimal integer string", p)),
};

const dateCodec: Codec<Date> = {
  name: "Date",
  type: Date,
  exact: true,
  encode: (d) => {
    const t = Date.prototype.getTime.call(d);
    return Number.isNaN(t) ? null : Date.prototype.toISOString.call(d);
  },
  decode: (p, ctx) => {
    if (p === null) return new Date(Number.NaN);
    if (typeof p !== "string") return bad(ctx, "an ISO 8601 string or null (invalid date)", p);
    const d = new Date(p);
    return Number.isNaN(d.getTime()) ? bad(ctx, "a valid ISO 8601 date string", p, "date") : d;
  },
};

const regexpCodec: Codec<RegExp> = {
  name: "RegExp",
  type: RegExp,
  exact: true,
  encode: (r) => ({ source: r.source, flags: r.flags }),
  decode: (p, ctx) => {
    const o = p as { source?: unknown; flags?: unknown } | null;
    if (o === null || typeof o !== "object" || typeof o.source !== "string" || typeof o.flags !== "string")
      return bad(ctx, '{"source": string, "flags": string}', p);
    try {
      return new RegExp(o.source, o.flags);
    } catch (e) {
      ctx.issue({ code: "regexp", message: `invalid regular expression: ${(e as Error).message}`, received: p });
      return undefined;
    }
  },
};

const urlCodec: Codec<URL> = {
  name: "URL",
  type: URL,
  exact: true,
  encode: (u) => u.href,
  decode: (p, ctx) => {
    if (typeof p !== "string") return bad(ctx, "a URL string", p);
    try {
      return new URL(p);
    } catch {
      return bad(ctx, "a valid absolute URL", p, "url");
    }
  },
};

const mapCodec: Codec<Map<unknown, unknown>> = {
  name: "Map",
  type: Map,
  exact: true,
  encode: (m, ctx) => {
    // JSON primitives go straight in; anything else takes the encoder (with its path).
    const out: unknown[] = new Array(m.size);
    let i = 0;
    m.forEach((v, k) => {
      out[i] = jsonPrimitive(k) && jsonPrimitive(v) ? [k, v] : ctx.encode([k, v], i);
      i++;
    });
    return out;
  },
  decode: (p, ctx) => {
    if (!Array.isArray(p)) return bad(ctx, "an array of [key, value] pairs", p);
    const m = new Map<unknown, unknown>();
    ctx.bind(m);
    for (let i = 0; i < p.length; i++) {
      const e = p[i];
      if (!Array.isArray(e) || e.length !== 2) {
        ctx.issue({ code: "payload", message: "expected a [key, value] pair", expected: "[key, value]", received: e, key: i });
        continue;
      }
      const pair = ctx.decode(e, i) as unknown[];
      if (Array.isArray(pair)) m.set(pair[0], pair[1]);
    }
    return m;
  },
};

const setCodec: Codec<Set<unknown>> = {
  name: "Set",
  type: Set,
  exact: true,
  encode: (s, ctx) => {
    const out: unknown[] = new Array(s.size);
    let i = 0;
    for (const v of s) {
      out[i] = jsonPrimitive(v) ? v : ctx.encode(v, i);
      i++;
    }
    return out;
  },
  decode: (p, ctx) => {
    if (!Array.isArray(p)) return bad(ctx, "an array", p);
    const s = new Set<unknown>();
    ctx.bind(s);
    for (let i = 0; i < p.length; i++) s.add(ctx.decode(p[i], i));
    return s;
  },
};

const arrayBufferCodec: Codec<ArrayBuffer> = {
  name: "ArrayBuffer",
  type: ArrayBuffer,
  exact: true,
  encode: (b) => toBase64(new Uint8Array(b)),
  decode: (p, ctx) => fromBase64(p, ctx)?.buffer as ArrayBuffer | undefined,
};

const dataViewCodec: Codec<DataView> = {
  name: "DataView",
  type: DataView,
  exact: true,
  encode: (v) => toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)),
  decode: (p, ctx) => {
    const bytes = fromBase64(p, ctx);
    return bytes && new DataView(bytes.buffer);
  },
};

type TypedArrayCtor = {
  new (buffer: ArrayBuffer): ArrayBufferView;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
  prototype: ArrayBufferView;
};

function typedArrayCodec(T: TypedArrayCtor): Codec<ArrayBufferView> {
  return {
    name: T.name,
    type: T as unknown as abstract new () => ArrayBufferView,
    exact: true,
    encode: (v) => toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)),
    decode: (p, ctx) => {
      const bytes = fromBase64(p, ctx);
      if (!bytes) return undefined;
      if (bytes.byteLength % T.BYTES_PER_ELEMENT !== 0)
        return bad(ctx, `a byte length that is a multiple of ${T.BYTES_PER_ELEMENT}`, bytes.byteLength, "length");
      return new T(bytes.buffer as ArrayBuffer);
    },
  };
}

const TYPED: TypedArrayCtor[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as unknown as TypedArrayCtor[];

/** Every built-in codec, in the order they are installed. */
export const builtinCodecs: readonly Codec<unknown>[] = [
  undefinedCodec,
  numberCodec,
  bigintCodec,
  dateCodec,
  regexpCodec,
  urlCodec,
  mapCodec,
  setCodec,
  arrayBufferCodec,
  dataViewCodec,
  ...TYPED.map(typedArrayCodec),
] as Codec<unknown>[];
