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

/**
 * ISO 8601 / RFC 3339 text: a calendar date, optionally with a time and then
 * a mandatory offset (`Z` or `±hh:mm`; a time without an offset would be read
 * in the reader's local zone). Years are 4 digits or `±` and 6 digits, as
 * `Date.prototype.toISOString` writes them; `T`, `t` or a space separate date
 * and time; any number of fraction digits (milliseconds kept).
 */
const ISO_DATE = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|([+-])(\d{2}):(\d{2})))?$/;

/** Days of each month of a (proleptic Gregorian) year. */
function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Two digits at `i` of `s` as a number, or -1 (`c >>> 0 > 9` refuses every code below "0" as well as above "9"). */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b;
}

/**
 * The form `toISOString` writes (`YYYY-MM-DDTHH:mm:ss.sssZ`, years 0100–9999),
 * read without a regular expression (no match array, no substrings: a
 * decoded document holds many dates) and in straight-line code (no calls
 * left after inlining, integer arithmetic). `NaN` when the text is not
 * exactly that form or a value is out of range; {@link parseIsoDate} then
 * decides with the general reader, so the result is the same either way.
 */
function canonicalIsoDate(s: string): number {
  if (s.length !== 24 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return Number.NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return Number.NaN;
  const hi = two(s, 0);
  const lo = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  const m0 = s.charCodeAt(20) - 48;
  const m1 = s.charCodeAt(21) - 48;
  const m2 = s.charCodeAt(22) - 48;
  if (hi < 1 || lo < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
  if (second < 0 || second > 59 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || m2 >>> 0 > 9) return Number.NaN;
  const year = hi * 100 + lo;
  const leap = (year & 3) === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)) return Number.NaN;
  // Days since 1970-01-01 by arithmetic (years 0100-9999, so `| 0` floors; Date.UTC is a runtime call, this is not).
  const y = year - 1;
  const leapDays = ((y / 4) | 0) - ((y / 100) | 0) + ((y / 400) | 0) - 477;
  const days = 365 * (year - 1970) + leapDays + (DAYS_BEFORE[month - 1] as number) + (month > 2 && leap ? 1 : 0) + day - 1;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + m0 * 100 + m1 * 10 + m2;
}

/** Days of a common year before each month. */
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Parses ISO 8601 / RFC 3339 text into epoch milliseconds; `NaN` for anything else (no rolling of `02-31`). */
export function parseIsoDate(text: string): number {
  const fast = canonicalIsoDate(text);
  if (!Number.isNaN(fast)) return fast;
  const m = ISO_DATE.exec(text);
  if (m === null) return Number.NaN;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  const year = n(1);
  const month = n(2);
  const day = n(3);
  const hour = n(4);
  const minute = n(5);
  const second = n(6);
  if (m[1] === "-000000" || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 59 || n(10) > 23 || n(11) > 59) return Number.NaN;
  const ms = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  const offset = m[9] === undefined ? 0 : (m[9] === "-" ? -1 : 1) * (n(10) * 60 + n(11));
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute - offset, second, ms);
  return d.getTime();
}

const dateCodec: Codec<Date> = {
  name: "Date",
  type: Date,
  exact: true,
  encode: (d) => {
    const t = Date.prototype.getTime.call(d);
    return Number.isNaN(t) ? null : Date.prototype.toISOString.call(d);
  },
  decode: (p, ctx) => {
    // `null` is how an invalid date is written; a field typed `Date` refuses it unless it says `invalidDate: true`.
    if (p === null) return new Date(Number.NaN);
    if (typeof p !== "string") return bad(ctx, "an ISO 8601 string or null (invalid date)", p);
    const t = parseIsoDate(p);
    return Number.isNaN(t) ? bad(ctx, "a valid ISO 8601 / RFC 3339 date string", p, "date") : new Date(t);
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
    const pairs: unknown[] = new Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const e = p[i];
      if (!Array.isArray(e) || e.length !== 2) {
        ctx.issue({ code: "payload", message: "expected a [key, value] pair", expected: "[key, value]", received: e, key: i });
        continue;
      }
      pairs[i] = ctx.decode(e, i);
    }
    // Filled once every entry is decoded, as the deep walk does (decode.ts, finish), so both report issues in one order.
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (!Array.isArray(pair)) continue;
      // A symbol is the decoder's mark of a value that failed (its issue is already reported).
      if (typeof pair[0] !== "symbol" && m.has(pair[0]))
        ctx.issue({ code: "duplicate", message: "key appears twice", received: pair[0], key: [i, 0] });
      else m.set(pair[0], pair[1]);
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
    const values: unknown[] = new Array(p.length);
    for (let i = 0; i < p.length; i++) values[i] = ctx.decode(p[i], i);
    // Filled once every element is decoded, as the deep walk does (see the Map codec).
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== "symbol" && s.has(v)) ctx.issue({ code: "duplicate", message: "element appears twice", received: v, key: i });
      else s.add(v);
    }
    return s;
  },
};

/** The built-in Map codec (the iterative walk of deep graphs handles its payload itself). */
export const MAP_CODEC: Codec<unknown> = mapCodec as Codec<unknown>;
/** The built-in Set codec (see {@link MAP_CODEC}). */
export const SET_CODEC: Codec<unknown> = setCodec as Codec<unknown>;

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
