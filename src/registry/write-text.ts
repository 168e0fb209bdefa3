/**
 * The text writer: value graph -> JSON text in one pass, for `serialize`.
 * It writes exactly the bytes `JSON.stringify` gives for the tree the
 * {@link Encoder} builds (a differential test holds the two together), but
 * builds no tree and no string per value: everything is written into one
 * reusable scratch buffer (see {@link CHUNK}, {@link Sink}). Each model class
 * has a generated writer (compile.ts) that writes its pre-quoted keys and its
 * values; numbers and Dates are written as digits, strings copied (and
 * escaped) byte by byte while they are ASCII.
 *
 * It covers the common positions of the `"needed"` and `"none"` tag
 * policies; anything else (a codec value in a declared position, a value of
 * another type than declared, an error, ...) is written by the tree encoder
 * for that value and stringified, so the result stays the same. Values are
 * written in the same form at every depth (the tree encoder's iterative walk
 * past its recursion threshold writes declared positions untagged too). It
 * recurses up to
 * {@link TEXT_DEPTH} levels; past that, on any error, and on a stack
 * overflow it gives up ({@link TEXT_FALLBACK} or the error itself) and the
 * registry redoes the call with the tree encoder, which then reports the
 * error, with its path, or walks the deep graph iteratively. There is no
 * size limit: the text is a rope of flat pieces of {@link CHUNK} bytes.
 *
 * @module
 */
import type { PathSegment } from "../errors.js";
import {
  Encoder,
  type Handler,
  jsonPrimitive,
  type ModelCodec,
  type ModelHeads,
  PLAIN_FALLBACK,
  plainContainer,
  plainNumber,
  TEXT_FALLBACK,
  type TextWriterApi,
  writesMapAsObject,
} from "./encode.js";
import { stringifyDeep } from "./json.js";
import { type Expect, expectOf } from "./plain.js";
import type { FieldPlan } from "./plan.js";

/** Levels the text writer recurses before giving up (the tree encoder walks deeper graphs iteratively). */
export const TEXT_DEPTH = 1000;

/** Characters a JSON string must escape (and lone surrogates, which `JSON.stringify` escapes): any surrogate sends the string to `JSON.stringify`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
export const ESCAPE: RegExp = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** `JSON.stringify(s)` for a string, without the call where nothing needs escaping. */
export function quote(s: string): string {
  return ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/**
 * Bytes of the scratch buffer the text is written into. Each time it fills,
 * its bytes become one flat string appended to the call's text (a rope of
 * flat pieces this long, as `JSON.stringify` builds its own result), and it is
 * written again from the start. A call allocates its text and nothing else
 * per value: no string per number, Date, key or object, no rope cell per
 * piece, no copy when the text is flattened (measured on the ledger: 57.5 KB
 * allocated per account, 49 KB of it garbage, before; about the output after).
 * Large strings made at once (one per call) go to V8's large-object space
 * and cost several times their copy; pieces of this size do not.
 */
export const CHUNK = 16384;

/**
 * Where a call's text is written: a scratch buffer of ASCII bytes `tb`
 * (`tp` of them written) and the text already turned into strings `tout`.
 * Text with a character past ASCII is appended to `tout` as a string (the
 * buffer flushed first), so the buffer's bytes read the same in every
 * encoding and any decoder turns them into the same string.
 */
export interface Sink {
  tb: Uint8Array;
  tp: number;
  tout: string;
}

interface NodeBufferClass {
  allocUnsafeSlow(size: number): Uint8Array & { latin1Slice(start: number, end: number): string };
}
const NodeBuffer = (globalThis as unknown as { Buffer?: NodeBufferClass }).Buffer;
/** Node's Buffer (its `latin1Slice` makes a one-byte string of bytes in one copy); elsewhere a Uint8Array read by a TextDecoder. */
const nodeBuffer: NodeBufferClass | undefined =
  typeof NodeBuffer?.allocUnsafeSlow === "function" && typeof NodeBuffer.allocUnsafeSlow(0).latin1Slice === "function"
    ? NodeBuffer
    : undefined;
interface Decoder {
  decode(b: Uint8Array): string;
}
let utf8: Decoder | undefined;

/** A scratch buffer of `size` bytes (always of the same kind, so the writers' stores see one kind of array). */
export function scratch(size: number): Uint8Array {
  return nodeBuffer !== undefined ? nodeBuffer.allocUnsafeSlow(size) : new Uint8Array(size);
}

/** The scratch buffer of a writer between calls (none). */
const NO_SCRATCH: Uint8Array = scratch(0);

/** The string of the first `n` bytes (ASCII) of `b`. */
function asciiString(b: Uint8Array, n: number): string {
  if (nodeBuffer !== undefined) return (b as ReturnType<NodeBufferClass["allocUnsafeSlow"]>).latin1Slice(0, n);
  utf8 ??= new (globalThis as unknown as { TextDecoder: new () => Decoder }).TextDecoder();
  return utf8.decode(b.subarray(0, n));
}

/** The scratch buffer no call is using (a call takes it, and gives it back when it ends; a nested call makes its own). */
let spare: Uint8Array | undefined;

function takeScratch(): Uint8Array {
  const b = spare ?? scratch(CHUNK);
  spare = undefined;
  return b;
}

function giveScratch(b: Uint8Array): void {
  if (b.length === CHUNK) spare = b;
}

/** Turns the buffer's bytes into text. */
export function flush(k: Sink): void {
  if (k.tp > 0) {
    k.tout += asciiString(k.tb, k.tp);
    k.tp = 0;
  }
}

/** The text written to `k`, which is left empty. */
export function finish(k: Sink): string {
  flush(k);
  const s = k.tout;
  k.tout = "";
  return s;
}

/** The length of the text written so far (for {@link back}). */
export function mark(k: Sink): number {
  return k.tout.length + k.tp;
}

/** Takes back what was written since {@link mark} gave `m` (a key whose value is left out). */
export function back(k: Sink, m: number): void {
  const done = k.tout.length;
  if (m >= done) k.tp = m - done;
  else {
    // The key was flushed with the buffer (rare: at most once per CHUNK bytes).
    k.tout = k.tout.slice(0, m);
    k.tp = 0;
  }
}

/** Appends JSON text `s` as it is. */
export function putText(k: Sink, s: string): void {
  const n = s.length;
  let p = k.tp;
  if (p + n > CHUNK) {
    flush(k);
    p = 0;
    if (n > CHUNK) {
      k.tout += s;
      return;
    }
  }
  const b = k.tb;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) {
      // Past ASCII: the bytes copied so far are not counted; the text goes in as a string.
      flush(k);
      k.tout += s;
      return;
    }
    b[p + i] = c;
  }
  k.tp = p + n;
}

/** The bytes of ASCII text `s` (`undefined` past ASCII), for {@link putBytes}. */
export function asciiBytes(s: string): Uint8Array | undefined {
  const n = s.length;
  if (n > CHUNK) return undefined;
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) return undefined;
    b[i] = c;
  }
  return b;
}

/** Appends the text of bytes made by {@link asciiBytes}. */
export function putBytes(k: Sink, t: Uint8Array): void {
  const n = t.length;
  let p = k.tp;
  if (p + n > CHUNK) {
    flush(k);
    p = 0;
  }
  const b = k.tb;
  for (let i = 0; i < n; i++) b[p + i] = t[i] as number;
  k.tp = p + n;
}

/** The escape letter of each control character JSON writes with one (`\b`, `\t`, `\n`, `\f`, `\r`), 0 for `\u00XX`. */
const ESC_LETTER = new Uint8Array(32);
ESC_LETTER[8] = 98;
ESC_LETTER[9] = 116;
ESC_LETTER[10] = 110;
ESC_LETTER[12] = 102;
ESC_LETTER[13] = 114;

/** Appends `JSON.stringify(s)`: ASCII written (and escaped) byte by byte, anything else by `JSON.stringify`. */
export function putString(k: Sink, s: string): void {
  const n = s.length;
  let p = k.tp;
  if (p + n + 2 > CHUNK) {
    flush(k);
    p = 0;
    if (n + 2 > CHUNK) {
      putText(k, quote(s));
      return;
    }
  }
  const b = k.tb;
  b[p] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || c === 34 || c === 92) {
      escaped(k, s, i, p + 1 + i);
      return;
    }
    b[p + 1 + i] = c;
  }
  b[p + n + 1] = 34;
  k.tp = p + n + 2;
}

/** The rest of {@link putString} from character `i` (the first to escape, or past ASCII) at byte `q`. */
function escaped(k: Sink, s: string, i: number, q: number): void {
  const n = s.length;
  if (q + (n - i) * 6 + 1 > CHUNK) {
    putText(k, quote(s));
    return;
  }
  const b = k.tb;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 126) {
      if (c === 127) {
        b[q++] = c;
        continue;
      }
      putText(k, quote(s));
      return;
    }
    if (c === 34 || c === 92) {
      b[q++] = 92;
      b[q++] = c;
    } else if (c < 32) {
      b[q++] = 92;
      const e = ESC_LETTER[c] as number;
      if (e !== 0) b[q++] = e;
      else {
        b[q++] = 117;
        b[q++] = 48;
        b[q++] = 48;
        b[q++] = 48 + (c >> 4);
        const l = c & 15;
        b[q++] = l < 10 ? 48 + l : 87 + l;
      }
    } else b[q++] = c;
  }
  b[q++] = 34;
  k.tp = q;
}

/** Writes the decimal digits of an integer 0 ≤ n < 2³² at `p`; returns the position past them. */
function digits(b: Uint8Array, p: number, n: number): number {
  let len = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) len++;
  let q = p + len;
  while (n >= 10) {
    const d = Math.floor(n / 10);
    b[--q] = 48 + n - d * 10;
    n = d;
  }
  b[--q] = 48 + n;
  return p + len;
}

/**
 * Appends `String(x)` (what `JSON.stringify` writes) of a finite number:
 * digits written directly for a 32-bit integer ({@link putInt}) and for a
 * number that is the nearest double to a decimal with at most two fraction
 * digits and fewer than ten digits in all, a price or an amount
 * ({@link putHundredths}). Such a decimal is the shortest text that reads
 * back as `x` (any other text of at most ten digits lies more than a unit of
 * the double away), so it is the text `String` writes. Anything else goes to
 * `String`. (Generated writers make the two tests themselves and pass an
 * integer on: a double passed to a call is boxed, 12 bytes per number.)
 */
export function putNumber(k: Sink, x: number): void {
  if ((x | 0) === x) putInt(k, x | 0);
  else {
    const h = Math.round(x * 100);
    if (h / 100 === x && h < 2147483647 && h > -2147483647) putHundredths(k, h | 0);
    else putText(k, `${x}`);
  }
}

/** Appends `String(i)` of a 32-bit integer. */
export function putInt(k: Sink, i: number): void {
  let p = k.tp;
  if (p + 12 > CHUNK) {
    flush(k);
    p = 0;
  }
  const b = k.tb;
  if (i < 0) {
    b[p++] = 45;
    i = -i;
  }
  k.tp = digits(b, p, i);
}

/** Appends `String(h / 100)` of an integer `h`, |h| < 2³¹, not a multiple of 100. */
export function putHundredths(k: Sink, h: number): void {
  let p = k.tp;
  if (p + 16 > CHUNK) {
    flush(k);
    p = 0;
  }
  const b = k.tb;
  if (h < 0) {
    b[p++] = 45;
    h = -h;
  }
  const i = (h / 100) | 0;
  p = digits(b, p, i);
  const f = h - i * 100;
  const d1 = (f / 10) | 0;
  const d2 = f - d1 * 10;
  b[p++] = 46;
  b[p++] = 48 + d1;
  if (d2 !== 0) b[p++] = 48 + d2;
  k.tp = p;
}

const getTime = Date.prototype.getTime;

function two(b: Uint8Array, q: number, v: number): void {
  const d = (v / 10) | 0;
  b[q] = 48 + d;
  b[q + 1] = 48 + v - d * 10;
}

/**
 * Appends `JSON.stringify(d.toISOString())` of a valid Date `d`: digits
 * from integer arithmetic for the years 0000–9999 (the date part computed
 * once per day met, see {@link dayBytes}), what `toISOString` writes
 * otherwise (±YYYYYY).
 */
export function putDate(k: Sink, d: Date): void {
  // The time value read here, not passed in: a double argument to a call is boxed (12 bytes per Date).
  const t: number = getTime.call(d);
  const days = Math.floor(t / 86_400_000);
  if (days !== lastDay && !dayBytes(days)) {
    putText(k, `"${Date.prototype.toISOString.call(d)}"`);
    return;
  }
  let ms = (t - days * 86_400_000) | 0;
  let q = k.tp;
  if (q + 26 > CHUNK) {
    flush(k);
    q = 0;
  }
  const b = k.tb;
  const day = DAY;
  for (let i = 0; i < 12; i++) b[q + i] = day[i] as number;
  const hour = (ms / 3_600_000) | 0;
  ms -= hour * 3_600_000;
  const minute = (ms / 60_000) | 0;
  ms -= minute * 60_000;
  const second = (ms / 1000) | 0;
  ms -= second * 1000;
  two(b, q + 12, hour);
  b[q + 14] = 58;
  two(b, q + 15, minute);
  b[q + 17] = 58;
  two(b, q + 18, second);
  b[q + 20] = 46;
  const m1 = (ms / 100) | 0;
  b[q + 21] = 48 + m1;
  two(b, q + 22, ms - m1 * 100);
  b[q + 24] = 90;
  b[q + 25] = 34;
  k.tp = q + 26;
}

/** `"YYYY-MM-DDT` of the day `lastDay` days from the epoch (the last day a Date was written on). */
const DAY: Uint8Array = scratch(12);
let lastDay = Number.NaN;

/**
 * Fills {@link DAY} with the date of `days` days from the epoch, from integer arithmetic (the civil date of a
 * day count, as in Howard Hinnant's `civil_from_days`); `false` outside the years 0000–9999.
 */
function dayBytes(days: number): boolean {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return false;
  const cent = (year / 100) | 0;
  DAY[0] = 34;
  two(DAY, 1, cent);
  two(DAY, 3, year - cent * 100);
  DAY[5] = 45;
  two(DAY, 6, month);
  DAY[8] = 45;
  two(DAY, 9, day);
  DAY[11] = 84;
  lastDay = days;
  return true;
}

/** The text `write` puts into a fresh sink (for tests and one-off texts). */
export function textOf(write: (k: Sink) => void): string {
  const k: Sink = { tb: scratch(CHUNK), tp: 0, tout: "" };
  write(k);
  return finish(k);
}

/** `JSON.stringify(d.toISOString())` of a valid Date `d` (see {@link putDate}). */
export function isoText(d: Date): string {
  return textOf((k) => putDate(k, d));
}

/** `String(x)` of a finite number (see {@link putNumber}). */
export function numberText(x: number): string {
  return textOf((k) => putNumber(k, x));
}

/** Appends the text of a string, boolean or number JSON carries exactly (call only when {@link jsonPrimitive}). */
function putPrimitive(k: Sink, x: string | number | boolean): void {
  if (typeof x === "string") putString(k, x);
  else if (typeof x === "number") putNumber(k, x);
  else putText(k, x ? "true" : "false");
}

/** The header texts of `m`'s model, kept on its codec (made the first time). */
function heads(m: ModelCodec): ModelHeads {
  let h = m.heads;
  if (h === undefined) {
    const plan = m.plan;
    const version = plan.version > 0 ? `"$version":${plan.version}` : "";
    h = { tag: `"$type":${quote(plan.name)}${version === "" ? "" : `,${version}`}`, version, disc: new Map() };
    m.heads = h;
  }
  return h;
}

function discriminatorText(m: ModelCodec, key: string): string {
  const plan = m.plan;
  const d = heads(m).disc;
  let t = d.get(key);
  if (t === undefined) {
    t = `${quote(key)}:${quote(plan.discriminatorValue)}`;
    d.set(key, t);
  }
  return t;
}

/** Element expectations of array / Set expectations (these objects are rebuilt whenever the registry changes). */
const elemOf = new WeakMap<object, Expect | null>();

/** Writes one `serialize` call's JSON text (see the module comment). */
export class TextWriter extends Encoder implements TextWriterApi, Sink {
  /** Past this depth the writer gives up (`maxDepth` or {@link TEXT_DEPTH}); `limit` stays the tree encoder's recursion threshold. */
  private readonly textLimit: number = Math.min(this.maxDepth, TEXT_DEPTH);
  /** The scratch buffer (taken for a call, given back when it ends), the bytes written to it, the text flushed (see {@link Sink}). */
  tb: Uint8Array = NO_SCRATCH;
  tp = 0;
  tout = "";

  /** `true` when the writer is back to its starting state after a call (nothing left behind): it may be used again. */
  clean(): boolean {
    return this.depth === 0 && this.deepest === 0 && this.keys.length === 0;
  }

  /** The JSON text of `value`: what `JSON.stringify` gives for the tree of {@link Encoder.root}. */
  rootText(value: unknown): string | undefined {
    // A new call (the registry keeps a writer between calls): the tree encoder's paths check Object.prototype anew.
    this.guard.reset();
    this.tb = takeScratch();
    this.tp = 0;
    this.tout = "";
    try {
      return this.rootWrite(value) ? finish(this) : undefined;
    } finally {
      giveScratch(this.tb);
      this.tb = NO_SCRATCH;
      this.tp = 0;
      this.tout = "";
    }
  }

  private rootWrite(value: unknown): boolean {
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === this.rootProto)
      return this.modelWrite(value, this.rootModel as ModelCodec, undefined, this.rootHead);
    if (this.policy === "none") {
      // Plain JSON: the root is written as what it is (its own class, a Date, ...), without a tag.
      if (value === undefined) throw PLAIN_FALLBACK;
      if (typeof value === "object" && value !== null) {
        const proto: object | null = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return this.plainRoot(value, proto);
      } else if (typeof value === "bigint") return this.treeWrite(this.root(value));
    }
    if (typeof value !== "object" || value === null) return this.primWrite(value, undefined);
    const proto: object | null = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
      const m = this.lookup.handlerFor(value, proto)?.model;
      if (m !== undefined) return this.rootModelWrite(value, proto, m, heads(m).tag);
    }
    return this.objectWrite(value);
  }

  /**
   * The prototype, codec and header of the last model written as the root: the next root of that prototype
   * goes straight to its writer (a writer is kept between calls only while the registry does not change).
   */
  private rootProto: object | undefined;
  private rootModel: ModelCodec | undefined;
  private rootHead = "";

  private rootModelWrite(value: object, proto: object, m: ModelCodec, head: string): boolean {
    this.rootProto = proto;
    this.rootModel = m;
    this.rootHead = head;
    return this.modelWrite(value, m, undefined, head);
  }

  /** A plain-JSON root of a class: a model as itself (discriminator when it has one), anything else through the tree. */
  private plainRoot(value: object, proto: object): boolean {
    const h = this.lookup.handlerFor(value, proto);
    const m = h?.model;
    if (m !== undefined) {
      const fam = this.lookup.family(m.plan.ctor);
      if (fam !== undefined) {
        if (fam.key === undefined) return this.rootModelWrite(value, proto, m, "");
        if (!m.plan.wireNames.has(fam.key)) return this.rootModelWrite(value, proto, m, discriminatorText(m, fam.key));
      }
    }
    return this.treeWrite(this.root(value));
  }

  /** Writes the text of a tree the encoder built; `false` (nothing written) where `JSON.stringify` leaves the value out. */
  private treeWrite(tree: unknown): boolean {
    // A subtree the encoder walked iteratively may be deeper than JSON.stringify can go.
    const t: string | undefined = this.deepest > 0 ? stringifyDeep(tree) : JSON.stringify(tree);
    if (t === undefined) return false;
    putText(this, t);
    return true;
  }

  fieldWrite(x: unknown, f: FieldPlan): boolean {
    return this.typedWrite(x, this.lookup.expect(f), f.wire, f.optional);
  }

  /** Twin of `Encoder.encodePrimitive` (via `child`). */
  private primWrite(x: unknown, key: PathSegment | undefined): boolean {
    if (typeof x === "string") putString(this, x);
    else if (typeof x === "boolean") putText(this, x ? "true" : "false");
    else if (typeof x === "number" && plainNumber(x)) putNumber(this, x);
    else return this.treeWrite(this.encodePrimitive(x, key));
    return true;
  }

  /** Twin of `Encoder.child`. */
  private childWrite(x: unknown, key: PathSegment): boolean {
    if (typeof x === "object" && x !== null) {
      this.keys.push(key);
      const out = this.objectWrite(x);
      this.keys.pop();
      return out;
    }
    return this.primWrite(x, key);
  }

  /** Twin of `Encoder.encodeObject` + `inner` (no references: the text writer never runs with them). */
  private objectWrite(x: object): boolean {
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    let out = true;
    const proto: object | null = Object.getPrototypeOf(x);
    if (proto === Array.prototype) {
      const a = x as unknown[];
      const n = a.length;
      putText(this, "[");
      for (let i = 0; i < n; i++) {
        if (i !== 0) putText(this, ",");
        const y = a[i];
        if (jsonPrimitive(y)) putPrimitive(this, y as string | number | boolean);
        else if (!this.childWrite(y, i)) putText(this, "null");
      }
      putText(this, "]");
    } else if (proto === Object.prototype || proto === null) out = this.plainWrite(x as Record<string, unknown>);
    else {
      const h: Handler | undefined = this.lookup.handlerFor(x, proto);
      if (h?.model !== undefined && this.policy !== "none") out = this.writeModel(x, h.model, heads(h.model).tag);
      else out = this.treeWrite(this.inner(x));
    }
    this.depth = depth - 1;
    return out;
  }

  /** Twin of `Encoder.plain`: a plain object's own enumerable string keys (one holding `"$type"` goes through the tree, which escapes it). */
  private plainWrite(x: Record<string, unknown>): boolean {
    if (Object.hasOwn(x, "$type")) return this.treeWrite(this.plain(x));
    const keys = Object.keys(x);
    const none = this.policy === "none";
    putText(this, "{");
    let sep = false;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const y = x[k];
      if (y === undefined && none) continue;
      const m = mark(this);
      if (sep) putText(this, ",");
      putString(this, k);
      putText(this, ":");
      if (jsonPrimitive(y)) putPrimitive(this, y as string | number | boolean);
      else if (!this.childWrite(y, k)) {
        back(this, m);
        continue;
      }
      sep = true;
    }
    putText(this, "}");
    return true;
  }

  /**
   * A model's object with header `head`, by its generated writer (the tree encoder's output when it has none),
   * opened by `open`: `",{"` writes an array element's comma with it.
   */
  private writeModel(x: object, m: ModelCodec, head: string, open: "{" | ",{" = "{"): boolean {
    if (m.write !== undefined) {
      m.write(x, this, head, open);
      return true;
    }
    if (open !== "{") putText(this, ",");
    return this.treeWrite(m.encode(x, this, head === "" ? {} : (JSON.parse(`{${head}}`) as Record<string, unknown>)));
  }

  /** Twin of `Encoder.container` for a model: one level deeper, under `key` (`open`: see {@link writeModel}). */
  private modelWrite(x: object, m: ModelCodec, key: PathSegment | undefined, head: string, open: "{" | ",{" = "{"): boolean {
    if (key !== undefined) this.keys.push(key);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    const out = this.writeModel(x, m, head, open);
    this.depth = depth - 1;
    if (key !== undefined) this.keys.pop();
    return out;
  }

  /** Twin of `Encoder.typed` below the root (`key` defined). */
  private typedWrite(x: unknown, ex: Expect, key: PathSegment, optional: boolean): boolean {
    if (ex === undefined) return this.childWrite(x, key);
    if (typeof x !== "object" || x === null) {
      if (typeof x === "string") {
        if (ex.k === "string") {
          putString(this, x);
          return true;
        }
      } else if (typeof x === "number") {
        if (ex.k === "number" && plainNumber(x)) {
          putNumber(this, x);
          return true;
        }
      } else if (typeof x === "boolean") {
        if (ex.k === "boolean") {
          putText(this, x ? "true" : "false");
          return true;
        }
      }
      return this.treeWrite(this.typed(x, ex, key, optional));
    }
    const none = this.policy === "none";
    const proto: object | null = Object.getPrototypeOf(x);
    switch (ex.k) {
      case "date":
        if (proto === Date.prototype) {
          const t: number = Date.prototype.getTime.call(x);
          if (t - t === 0) {
            putDate(this, x as Date);
            return true;
          }
        }
        break;
      case "array":
        if (proto === Array.prototype) return this.arrayWrite(x as unknown[], ex, key);
        break;
      case "set":
        if (proto === Set.prototype) return this.setWrite(x as Set<unknown>, ex, key);
        break;
      case "map":
        if (proto === Map.prototype) return this.mapWrite(x as Map<unknown, unknown>, ex, key);
        break;
      case "model": {
        const head = this.modelHead(x, proto, ex);
        if (head !== undefined) return this.modelWrite(x, this.found as ModelCodec, key, head);
        break;
      }
    }
    // Not settled by the declaration: tagged, as `child` writes it (plain containers and the rest: the tree).
    if (!none && !plainContainer(proto) && ex.k !== "codec") return this.childWrite(x, key);
    return this.treeWrite(this.typed(x, ex, key, optional));
  }

  /** The model found by the last {@link modelHead}. */
  private found: ModelCodec | undefined;

  /**
   * The header of model instance `x` (prototype `proto`) in a position declared `ex`, when the declaration
   * settles it (the model in {@link found}); `undefined` when it is written tagged or by the tree. Depends on `proto` only.
   */
  private modelHead(x: object, proto: object | null, ex: Expect & { k: "model" }): string | undefined {
    const m = proto === null ? undefined : this.lookup.handlerFor(x, proto)?.model;
    if (m === undefined) return undefined;
    const plan = m.plan;
    const fam = this.lookup.family(ex.ctor);
    if (fam === undefined) return undefined;
    this.found = m;
    if (this.policy === "none") {
      const exact = plan.ctor === ex.ctor;
      if (!exact && !Object.prototype.isPrototypeOf.call(ex.ctor.prototype, plan.ctor.prototype)) return undefined;
      // A field under the discriminator's name would take its place in the tree: the tree writes that.
      if (fam.key !== undefined) return plan.wireNames.has(fam.key) ? undefined : discriminatorText(m, fam.key);
      return exact && !fam.polymorphic ? "" : undefined;
    }
    return plan.ctor === ex.ctor && !fam.polymorphic ? heads(m).version : undefined;
  }

  private elem(ex: object, t: Parameters<typeof expectOf>[0]): Expect {
    let e = elemOf.get(ex);
    if (e === undefined) {
      e = t === undefined ? null : (expectOf(t, this.lookup.plain) ?? null);
      elemOf.set(ex, e);
    }
    return e ?? undefined;
  }

  /** Twin of `container` + `untagged` for an array. */
  private arrayWrite(a: unknown[], ex: Expect & { k: "array" }, key: PathSegment): boolean {
    this.keys.push(key);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    const elem = this.elem(ex, ex.elem);
    // As in `Encoder.untagged`: an element is written as it is only when it is the declared primitive (any JSON
    // primitive where no type is declared); another goes to `typedWrite`, which refuses it.
    const k = elem?.k;
    const str = elem === undefined || k === "string";
    const num = elem === undefined || k === "number";
    const bool = elem === undefined || k === "boolean";
    const n = a.length;
    putText(this, "[");
    if (elem?.k === "model") {
      // An array of models: the header is settled once per prototype met, not per element.
      let lastProto: object | null | undefined;
      let m: ModelCodec | undefined;
      let head: string | undefined;
      for (let i = 0; i < n; i++) {
        const y = a[i];
        if (typeof y === "object" && y !== null) {
          const p: object | null = Object.getPrototypeOf(y);
          if (p !== lastProto) {
            lastProto = p;
            head = this.modelHead(y, p, elem);
            m = this.found;
          }
          if (head !== undefined) {
            // The element's comma comes with its opening brace.
            this.modelWrite(y, m as ModelCodec, i, head, i === 0 ? "{" : ",{");
            continue;
          }
        }
        if (i !== 0) putText(this, ",");
        if (!this.typedWrite(y, elem, i, false)) putText(this, "null");
      }
    } else
      for (let i = 0; i < n; i++) {
        if (i !== 0) putText(this, ",");
        const y = a[i];
        if (typeof y === "string" && str) putString(this, y);
        else if (typeof y === "number" && num && plainNumber(y)) putNumber(this, y);
        else if (typeof y === "boolean" && bool) putText(this, y ? "true" : "false");
        else if (!this.typedWrite(y, elem, i, false)) putText(this, "null");
      }
    putText(this, "]");
    this.depth = depth - 1;
    this.keys.pop();
    return true;
  }

  /** Twin of `container` + `untagged` for a Set. */
  private setWrite(s: Set<unknown>, ex: Expect & { k: "set" }, key: PathSegment): boolean {
    this.keys.push(key);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    const elem = this.elem(ex, ex.of);
    putText(this, "[");
    let i = 0;
    for (const y of s) {
      if (i !== 0) putText(this, ",");
      if (elem === undefined && jsonPrimitive(y)) putPrimitive(this, y as string | number | boolean);
      else if (!this.typedWrite(y, elem, i, false)) putText(this, "null");
      i++;
    }
    putText(this, "]");
    this.depth = depth - 1;
    this.keys.pop();
    return true;
  }

  /** Twin of `container` + `untagged` for a Map: an object when every key is a plain string, else `[key, value]` pairs. */
  private mapWrite(m: Map<unknown, unknown>, ex: Expect & { k: "map" }, key: PathSegment): boolean {
    this.keys.push(key);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    const look = this.lookup.plain;
    const ke = ex.of === undefined ? undefined : expectOf(ex.of[0], look);
    const ve = ex.of === undefined ? undefined : expectOf(ex.of[1], look);
    if (writesMapAsObject(m, ke)) {
      putText(this, "{");
      let sep = false;
      // Keys, then each value by key: iterating entries makes an array per entry.
      for (const k of m.keys()) {
        const v = m.get(k);
        const at = mark(this);
        if (sep) putText(this, ",");
        putString(this, k as string);
        putText(this, ":");
        if (ve === undefined && jsonPrimitive(v)) putPrimitive(this, v as string | number | boolean);
        else if (!this.typedWrite(v, ve, k as string, false)) {
          back(this, at);
          continue;
        }
        sep = true;
      }
      putText(this, "}");
    } else {
      putText(this, "[");
      let i = 0;
      for (const k of m.keys()) {
        const v = m.get(k);
        if (i !== 0) putText(this, ",");
        if (ke === undefined && ve === undefined && jsonPrimitive(k) && jsonPrimitive(v)) {
          putText(this, "[");
          putPrimitive(this, k as string | number | boolean);
          putText(this, ",");
          putPrimitive(this, v as string | number | boolean);
          putText(this, "]");
        } else this.pairWrite(k, v, ke, ve, i);
        i++;
      }
      putText(this, "]");
    }
    this.depth = depth - 1;
    this.keys.pop();
    return true;
  }

  /** Twin of `Encoder.pair`. */
  private pairWrite(k: unknown, v: unknown, ke: Expect, ve: Expect, i: number): void {
    this.keys.push(i);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    putText(this, "[");
    if (!this.typedWrite(k, ke, 0, false)) putText(this, "null");
    putText(this, ",");
    if (!this.typedWrite(v, ve, 1, false)) putText(this, "null");
    putText(this, "]");
    this.depth = depth - 1;
    this.keys.pop();
  }
}
