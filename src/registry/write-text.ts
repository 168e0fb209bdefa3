/**
 * The text writer: value graph -> JSON text in one pass, for `serialize`.
 * It writes exactly the bytes `JSON.stringify` gives for the tree the
 * {@link Encoder} builds (a differential test holds the two together), but
 * builds no tree: each model class has a generated writer (compile.ts) that
 * concatenates its pre-quoted keys and the text of its values, Dates are
 * formatted from their time value, strings quoted directly unless they need
 * escaping.
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
 * size limit: long element texts are flattened as they are written (see
 * {@link FLAT_PIECE}), so a large document does not pile up rope cells.
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

/**
 * Length past which the text of one element of a container (an array, Set,
 * Map or plain object) is flattened as soon as it is written. Concatenated
 * text is a rope: a cell (tens of bytes) per piece, all alive until the text
 * is read. In a large document those cells outgrow V8's young generation and
 * every collection copies and promotes them (measured: 300 ledger accounts,
 * 2.5 MB of text, took 3× the tree encoder's time as one rope). Flattened
 * element by element, a document's cells die young and what stays alive is
 * the flat text, one cell per element: a copy of each long element's
 * characters, cheaper than carrying its cells (measured: 1,000 ledger
 * accounts, 8.4 MB, 750 ms → 270 ms per call), and short elements (a
 * transaction, a message) are left as they are.
 */
export const FLAT_PIECE = 256;

/** `t` (or `"null"` for a value JSON leaves out of an array), flattened when longer than {@link FLAT_PIECE}. */
function piece(t: string | undefined): string {
  if (t === undefined) return "null";
  // Reading a character flattens a rope in place (V8), so later reads of the whole text find it flat.
  if (t.length > FLAT_PIECE) t.charCodeAt(0);
  return t;
}

/** Levels the text writer recurses before giving up (the tree encoder walks deeper graphs iteratively). */
export const TEXT_DEPTH = 1000;

/** Characters a JSON string must escape (and lone surrogates, which `JSON.stringify` escapes): any surrogate sends the string to `JSON.stringify`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
export const ESCAPE: RegExp = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** `JSON.stringify(s)` for a string, without the call where nothing needs escaping. */
export function quote(s: string): string {
  return ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

const TWO: string[] = [];
for (let i = 0; i < 100; i++) TWO.push(i < 10 ? `0${i}` : `${i}`);
/** `SS.` of each second of a minute. */
const SECOND_DOT: string[] = TWO.slice(0, 60).map((s) => `${s}.`);
/** `mmmZ"` of each millisecond of a second (closing quote included). */
const MILLI_Z: string[] = [];
for (let i = 0; i < 1000; i++) MILLI_Z.push(`${i < 10 ? `00${i}` : i < 100 ? `0${i}` : `${i}`}Z"`);
/** `HH:MM:` of each minute of the day, filled as met (the writer's one reusable scratch structure, with the minute below). */
const MINUTES: Array<string | undefined> = new Array(1440);
/** Minutes since the epoch of the last Date written, and its `"YYYY-MM-DDTHH:MM:` text (opening quote included). */
let lastMinute = Number.NaN;
let lastMinuteText = "";
/** Days since the epoch of `lastDayText`, `"YYYY-MM-DDT`. */
let lastDay = Number.NaN;
let lastDayText = "";

/**
 * `JSON.stringify(d.toISOString())` of a valid Date `d` with time value `t`,
 * from integer arithmetic: the date part is taken from `toISOString` once per
 * day met and kept, the minute's text once per minute, the rest from tables,
 * so a Date costs two short strings (`SS.mmmZ"` and the whole).
 */
export function isoText(d: Date, t: number): string {
  const minute = Math.floor(t / 60_000);
  const ms = t - minute * 60_000;
  if (minute !== lastMinute) {
    const day = Math.floor(minute / 1440);
    if (day !== lastDay) {
      const iso: string = Date.prototype.toISOString.call(d);
      lastDayText = `"${iso.slice(0, iso.length - 13)}`;
      lastDay = day;
    }
    const m = minute - day * 1440;
    let hm = MINUTES[m];
    if (hm === undefined) {
      hm = `${TWO[(m / 60) | 0]}:${TWO[m % 60]}:`;
      MINUTES[m] = hm;
    }
    lastMinuteText = lastDayText + hm;
    lastMinute = minute;
  }
  const s = (ms / 1000) | 0;
  return lastMinuteText + ((SECOND_DOT[s] as string) + (MILLI_Z[ms - s * 1000] as string));
}

/** `String(i)` of each integer below 1000. */
const UPTO_999: string[] = [];
/** The three digits of each integer below 1000, zero-padded (`"007"`). */
const THREE: string[] = [];
for (let i = 0; i < 1000; i++) {
  UPTO_999.push(`${i}`);
  THREE.push(i < 10 ? `00${i}` : i < 100 ? `0${i}` : `${i}`);
}
/** `.d` / `.dd` of each hundredth (`.5`, `.25`, `.05`; index 0 unused). */
const HUNDREDTHS: string[] = THREE.slice(0, 100).map((t) => `.${t.slice(1).replace(/0$/, "")}`);

/** `String(n)` of an integer 0 ≤ n ≤ 2³¹, from three-digit groups. */
function uintText(n: number): string {
  if (n < 1000) return UPTO_999[n] as string;
  const a = (n / 1000) | 0;
  const low = THREE[n - a * 1000] as string;
  if (a < 1000) return (UPTO_999[a] as string) + low;
  const b = (a / 1000) | 0;
  const mid = THREE[a - b * 1000] as string;
  if (b < 1000) return (UPTO_999[b] as string) + mid + low;
  const c = (b / 1000) | 0;
  return (UPTO_999[c] as string) + (THREE[b - c * 1000] as string) + mid + low;
}

/**
 * `String(x)` (what `JSON.stringify` writes) of a finite number, without the
 * engine's number-to-string conversion for the common cases: a 32-bit
 * integer, and a number that is the nearest double to a decimal with at most
 * two fraction digits and fewer than ten digits in all (a price, an amount).
 * Such a decimal is the shortest text that reads back as `x` (any other text
 * of at most ten digits lies more than a unit of the double away), so it is
 * the text `String` writes. Anything else goes to `String`. Short texts
 * come from tables; the engine's conversion, met by each new value (its
 * cache holds few), costs a call into the runtime and a new string.
 */
export function numberText(x: number): string {
  if ((x | 0) === x) return x < 0 ? `-${uintText(-x)}` : uintText(x);
  const h = Math.round(x * 100);
  if (h / 100 === x && h < 2147483647 && h > -2147483647) {
    const a = h < 0 ? -h : h;
    const i = (a / 100) | 0;
    const t = uintText(i) + (HUNDREDTHS[a - i * 100] as string);
    return h < 0 ? `-${t}` : t;
  }
  return `${x}`;
}

/** The text of a string, boolean or number JSON carries exactly (call only when {@link jsonPrimitive}). */
function primitiveText(x: string | number | boolean): string {
  return typeof x === "string" ? quote(x) : typeof x === "number" ? numberText(x) : x ? "true" : "false";
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
export class TextWriter extends Encoder implements TextWriterApi {
  /** Past this depth the writer gives up (`maxDepth` or {@link TEXT_DEPTH}); `limit` stays the tree encoder's recursion threshold. */
  private readonly textLimit: number = Math.min(this.maxDepth, TEXT_DEPTH);

  /** `true` when the writer is back to its starting state after a call (nothing left behind): it may be used again. */
  clean(): boolean {
    return this.depth === 0 && this.deepest === 0 && this.keys.length === 0;
  }

  /** The JSON text of `value`: what `JSON.stringify` gives for the tree of {@link Encoder.root}. */
  rootText(value: unknown): string | undefined {
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === this.rootProto)
      return this.modelText(value, this.rootModel as ModelCodec, undefined, this.rootHead);
    if (this.policy === "none") {
      // Plain JSON: the root is written as what it is (its own class, a Date, ...), without a tag.
      if (value === undefined) throw PLAIN_FALLBACK;
      if (typeof value === "object" && value !== null) {
        const proto: object | null = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return this.plainRoot(value, proto);
      } else if (typeof value === "bigint") return this.treeText(this.root(value));
    }
    if (typeof value !== "object" || value === null) return this.primText(value, undefined);
    const proto: object | null = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
      const m = this.lookup.handlerFor(value, proto)?.model;
      if (m !== undefined) return this.rootModelText(value, proto, m, heads(m).tag);
    }
    return this.objectText(value);
  }

  /**
   * The prototype, codec and header of the last model written as the root: the next root of that prototype
   * goes straight to its writer (a writer is kept between calls only while the registry does not change).
   */
  private rootProto: object | undefined;
  private rootModel: ModelCodec | undefined;
  private rootHead = "";

  private rootModelText(value: object, proto: object, m: ModelCodec, head: string): string | undefined {
    this.rootProto = proto;
    this.rootModel = m;
    this.rootHead = head;
    return this.modelText(value, m, undefined, head);
  }

  /** A plain-JSON root of a class: a model as itself (discriminator when it has one), anything else through the tree. */
  private plainRoot(value: object, proto: object): string | undefined {
    const h = this.lookup.handlerFor(value, proto);
    const m = h?.model;
    if (m !== undefined) {
      const fam = this.lookup.family(m.plan.ctor);
      if (fam !== undefined) {
        if (fam.key === undefined) return this.rootModelText(value, proto, m, "");
        if (!m.plan.wireNames.has(fam.key)) return this.rootModelText(value, proto, m, discriminatorText(m, fam.key));
      }
    }
    return this.treeText(this.root(value));
  }

  /** The text of a tree the encoder built (`undefined` where `JSON.stringify` leaves the value out). */
  private treeText(tree: unknown): string | undefined {
    // A subtree the encoder walked iteratively may be deeper than JSON.stringify can go.
    return this.deepest > 0 ? stringifyDeep(tree) : JSON.stringify(tree);
  }

  fieldText(x: unknown, f: FieldPlan): string | undefined {
    return this.typedText(x, this.lookup.expect(f), f.wire, f.optional);
  }

  /** Twin of `Encoder.encodePrimitive` (via `child`). */
  private primText(x: unknown, key: PathSegment | undefined): string | undefined {
    if (typeof x === "string") return quote(x);
    if (typeof x === "boolean") return x ? "true" : "false";
    if (typeof x === "number" && plainNumber(x)) return numberText(x);
    return this.treeText(this.encodePrimitive(x, key));
  }

  /** Twin of `Encoder.child`. */
  private childText(x: unknown, key: PathSegment): string | undefined {
    if (typeof x === "object" && x !== null) {
      this.keys.push(key);
      const out = this.objectText(x);
      this.keys.pop();
      return out;
    }
    return this.primText(x, key);
  }

  /** Twin of `Encoder.encodeObject` + `inner` (no references: the text writer never runs with them). */
  private objectText(x: object): string | undefined {
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    let out: string | undefined;
    const proto: object | null = Object.getPrototypeOf(x);
    if (proto === Array.prototype) {
      const a = x as unknown[];
      const n = a.length;
      out = "[";
      for (let i = 0; i < n; i++) {
        const y = a[i];
        const t = typeof y === "string" ? quote(y) : jsonPrimitive(y) ? primitiveText(y as number | boolean) : this.childText(y, i);
        out += i === 0 ? piece(t) : `,${piece(t)}`;
      }
      out += "]";
    } else if (proto === Object.prototype || proto === null) out = this.plainText(x as Record<string, unknown>);
    else {
      const h: Handler | undefined = this.lookup.handlerFor(x, proto);
      if (h?.model !== undefined && this.policy !== "none") out = this.writeModel(x, h.model, heads(h.model).tag);
      else out = this.treeText(this.inner(x));
    }
    this.depth = depth - 1;
    return out;
  }

  /** Twin of `Encoder.plain`: a plain object's own enumerable string keys (one holding `"$type"` goes through the tree, which escapes it). */
  private plainText(x: Record<string, unknown>): string | undefined {
    if (Object.hasOwn(x, "$type")) return this.treeText(this.plain(x));
    const keys = Object.keys(x);
    const none = this.policy === "none";
    let out = "{";
    let sep = "";
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const y = x[k];
      if (y === undefined && none) continue;
      const t = typeof y === "string" ? quote(y) : jsonPrimitive(y) ? primitiveText(y as number | boolean) : this.childText(y, k);
      if (t === undefined) continue;
      out += `${sep + quote(k)}:${piece(t)}`;
      sep = ",";
    }
    return `${out}}`;
  }

  /**
   * A model's object with header `head`, by its generated writer (the tree encoder's output when it has none),
   * opened by `open`: `",{"` writes an array element's comma with it.
   */
  private writeModel(x: object, m: ModelCodec, head: string, open: "{" | ",{" = "{"): string | undefined {
    if (m.write !== undefined) return m.write(x, this, head, open);
    const t = this.treeText(m.encode(x, this, head === "" ? {} : (JSON.parse(`{${head}}`) as Record<string, unknown>)));
    return open === "{" ? t : `,${t}`;
  }

  /** Twin of `Encoder.container` for a model: one level deeper, under `key` (`open`: see {@link writeModel}). */
  private modelText(x: object, m: ModelCodec, key: PathSegment | undefined, head: string, open: "{" | ",{" = "{"): string | undefined {
    if (key !== undefined) this.keys.push(key);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    const out = this.writeModel(x, m, head, open);
    this.depth = depth - 1;
    if (key !== undefined) this.keys.pop();
    return out;
  }

  /** Twin of `Encoder.typed` below the root (`key` defined). */
  private typedText(x: unknown, ex: Expect, key: PathSegment, optional: boolean): string | undefined {
    if (ex === undefined) return this.childText(x, key);
    if (typeof x !== "object" || x === null) {
      if (typeof x === "string") {
        if (ex.k === "string") return quote(x);
      } else if (typeof x === "number") {
        if (ex.k === "number" && plainNumber(x)) return numberText(x);
      } else if (typeof x === "boolean") {
        if (ex.k === "boolean") return x ? "true" : "false";
      }
      return this.treeText(this.typed(x, ex, key, optional));
    }
    const none = this.policy === "none";
    const proto: object | null = Object.getPrototypeOf(x);
    switch (ex.k) {
      case "date":
        if (proto === Date.prototype) {
          const t: number = Date.prototype.getTime.call(x);
          if (t - t === 0) return isoText(x as Date, t);
        }
        break;
      case "array":
        if (proto === Array.prototype) return this.arrayText(x as unknown[], ex, key);
        break;
      case "set":
        if (proto === Set.prototype) return this.setText(x as Set<unknown>, ex, key);
        break;
      case "map":
        if (proto === Map.prototype) return this.mapText(x as Map<unknown, unknown>, ex, key);
        break;
      case "model": {
        const head = this.modelHead(x, proto, ex);
        if (head !== undefined) return this.modelText(x, this.found as ModelCodec, key, head);
        break;
      }
    }
    // Not settled by the declaration: tagged, as `child` writes it (plain containers and the rest: the tree).
    if (!none && !plainContainer(proto) && ex.k !== "codec") return this.childText(x, key);
    return this.treeText(this.typed(x, ex, key, optional));
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
  private arrayText(a: unknown[], ex: Expect & { k: "array" }, key: PathSegment): string | undefined {
    this.keys.push(key);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    const elem = this.elem(ex, ex.elem);
    const fast = elem === undefined || elem.k === "number" || elem.k === "string" || elem.k === "boolean";
    const n = a.length;
    let out = "[";
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
            // The element's comma comes with its text.
            out += piece(this.modelText(y, m as ModelCodec, i, head, i === 0 ? "{" : ",{"));
            continue;
          }
        }
        const t = this.typedText(y, elem, i, false);
        out += i === 0 ? piece(t) : `,${piece(t)}`;
      }
    } else
      for (let i = 0; i < n; i++) {
        const y = a[i];
        const t = fast && jsonPrimitive(y) ? primitiveText(y as string | number | boolean) : this.typedText(y, elem, i, false);
        out += i === 0 ? piece(t) : `,${piece(t)}`;
      }
    this.depth = depth - 1;
    this.keys.pop();
    return `${out}]`;
  }

  /** Twin of `container` + `untagged` for a Set. */
  private setText(s: Set<unknown>, ex: Expect & { k: "set" }, key: PathSegment): string | undefined {
    this.keys.push(key);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    const elem = this.elem(ex, ex.of);
    let out = "[";
    let i = 0;
    for (const y of s) {
      const t = elem === undefined && jsonPrimitive(y) ? primitiveText(y as string | number | boolean) : this.typedText(y, elem, i, false);
      out += i === 0 ? piece(t) : `,${piece(t)}`;
      i++;
    }
    this.depth = depth - 1;
    this.keys.pop();
    return `${out}]`;
  }

  /** Twin of `container` + `untagged` for a Map: an object when every key is a plain string, else `[key, value]` pairs. */
  private mapText(m: Map<unknown, unknown>, ex: Expect & { k: "map" }, key: PathSegment): string | undefined {
    this.keys.push(key);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    const look = this.lookup.plain;
    const ke = ex.of === undefined ? undefined : expectOf(ex.of[0], look);
    const ve = ex.of === undefined ? undefined : expectOf(ex.of[1], look);
    let out: string;
    if (writesMapAsObject(m, ke)) {
      out = "{";
      let sep = "";
      for (const [k, v] of m) {
        const t =
          ve === undefined && jsonPrimitive(v) ? primitiveText(v as string | number | boolean) : this.typedText(v, ve, k as string, false);
        if (t === undefined) continue;
        out += `${sep + quote(k as string)}:${piece(t)}`;
        sep = ",";
      }
      out += "}";
    } else {
      out = "[";
      let i = 0;
      for (const [k, v] of m) {
        let t: string;
        if (ke === undefined && ve === undefined && jsonPrimitive(k) && jsonPrimitive(v))
          t = `[${primitiveText(k as string | number | boolean)},${primitiveText(v as string | number | boolean)}]`;
        else t = this.pairText(k, v, ke, ve, i);
        out += i === 0 ? piece(t) : `,${piece(t)}`;
        i++;
      }
      out += "]";
    }
    this.depth = depth - 1;
    this.keys.pop();
    return out;
  }

  /** Twin of `Encoder.pair`. */
  private pairText(k: unknown, v: unknown, ke: Expect, ve: Expect, i: number): string {
    this.keys.push(i);
    const depth = ++this.depth;
    if (depth > this.textLimit) throw TEXT_FALLBACK;
    const out = `[${this.typedText(k, ke, 0, false) ?? "null"},${this.typedText(v, ve, 1, false) ?? "null"}]`;
    this.depth = depth - 1;
    this.keys.pop();
    return out;
  }
}
