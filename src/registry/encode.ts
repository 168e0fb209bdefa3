/**
 * The encoder: value graph -> wire tree (JSON-able), one instance per
 * `serialize` / `toPlain` call. Recursive with an explicit depth limit;
 * cycles are found only when the limit is hit (no per-object bookkeeping on
 * the fast path), then reported with both paths.
 *
 * @module
 */
import { formatPath, formatValue, type PathSegment, SerializeError } from "../errors.js";
import type { Codec, EncodeContext } from "./codec.js";
import { MAP_CODEC, SET_CODEC } from "./codecs/builtins.js";
import { depthSettings } from "./depth.js";
import { KeyGuard, putKey, setKey, underSegments } from "./path.js";
import { type Expect, expectOf, type Family, type PlainLookup, UNDEFINED_OVER_INITIAL } from "./plain.js";
import type { FieldPlan, ModelPlan } from "./plan.js";

/**
 * Where tags are written:
 * - `"all"`: everywhere (the self-describing form of decorum 0.1; references mode);
 * - `"needed"`: only where the declared type does not settle the value (the default);
 * - `"none"`: nowhere (plain JSON). The direct walk gives up with {@link PLAIN_FALLBACK}
 *   wherever plain JSON cannot carry a value (or is too deep for it), and the registry then
 *   writes the tagged tree and converts it (plain.ts `untag`), which says precisely what fails.
 */
export type TagPolicy = "all" | "needed" | "none";

/** Thrown by the `"none"` policy's direct walk: redo the call the careful way (see {@link TagPolicy}). */
export const PLAIN_FALLBACK: { readonly fallback: true } = Object.freeze({ fallback: true as const });

/** Thrown by the text writer (write-text.ts) where it gives up: the registry then writes the tree and stringifies it. */
export const TEXT_FALLBACK: { readonly text: true } = Object.freeze({ text: true as const });

/** A compiled or interpreted model codec: what the registry keeps per class. */
export interface ModelCodec {
  readonly plan: ModelPlan;
  /** Writes the fields of `value` into `out` (which holds the header the position needs: a tag, a `$version`, a discriminator, or nothing). */
  encode(value: object, e: Encoder, out: Record<string, unknown>): Record<string, unknown>;
  /**
   * Writes the JSON text of `value`'s object into `w`, `head` (`"$type":"X"`, a discriminator, or `""`)
   * first: what `JSON.stringify` gives for `encode`'s result (see write-text.ts), opened with `open`
   * (`"{"`, or `",{"` for an array's element after the first). Generated code only; absent in the interpreter.
   */
  write?: ((value: object, w: TextWriterApi, head: string, open: "{" | ",{") => void) | undefined;
  decodeFields: (data: Record<string, unknown>, instance: object, d: DecoderApi) => void;
  /**
   * The usual object of this model, in one call: GENERIC (nothing done) unless `data` reads as the
   * model's current version as it is (no `"$id"`; no `"$version"`, or an unversioned model's none with a
   * value; untagged (`tagged` false): no own `"$type"` and a plain prototype; tagged: a version ≤ 1);
   * else the instance, constructed and filled by {@link ModelCodec.decodeFields} (INVALID when the
   * construction failed, with its issue). Issues of the fields are the caller's to count. Generated per
   * model, so its property reads see one kind of object (this model's documents), not every model's.
   */
  read: (data: object, d: DecoderApi, tagged: boolean) => unknown;
  /** The text writer's header texts of this model, made the first time it writes one (see write-text.ts). */
  heads?: ModelHeads | undefined;
  /**
   * The decoder's answer to "do instances have readonly members" (`sealOf`), valid while the descriptors'
   * record version is `sealVersion` (-1: not asked yet). Kept per model: a document of several models
   * asks once per model, not once per object.
   */
  sealVersion: number;
  sealOf: boolean;
}

/** Header texts of a model in JSON text: its tag (with `$version`), its `$version` alone, discriminators by key. */
export interface ModelHeads {
  readonly tag: string;
  readonly version: string;
  readonly disc: Map<string, string>;
}

/** The part of the text writer that generated model writers call (see write-text.ts). */
export interface TextWriterApi {
  /** Writes a field's value (of any type) as JSON text; `false` (nothing written) when the key is left out. */
  fieldWrite(x: unknown, f: FieldPlan): boolean;
  /** The writer's buffer, bytes written to it and text flushed (`Sink` in write-text.ts). */
  tb: Uint8Array;
  tp: number;
  tout: string;
  checkDates(x: unknown, wire: string): void;
  omits(f: FieldPlan, plan: ModelPlan): boolean;
}

/** The part of the decoder that model codecs call (see decode.ts). */
export interface DecoderApi {
  fieldValue(f: ModelPlan["fields"][number], raw: unknown): unknown;
  /** `fieldValue` before the field's type check (INVALID when it failed before). */
  fieldUnchecked(f: ModelPlan["fields"][number], raw: unknown): unknown;
  /** The codec that reads `raw` in class field `f` directly, or `undefined` (see `Decoder.directModel`). */
  directModel(f: ModelPlan["fields"][number], raw: unknown): ModelCodec | undefined;
  /** `fieldUnchecked` of an object the direct read returned GENERIC for. */
  genericField(f: ModelPlan["fields"][number], raw: object): unknown;
  /** The issue of a value the field's type check refused: INVALID. */
  notInstance(f: ModelPlan["fields"][number], v: unknown): unknown;
  missing(f: ModelPlan["fields"][number], instance: object): void;
  writeFailed(error: unknown, f: ModelPlan["fields"][number]): void;
  unknownKeys(data: Record<string, unknown>, plan: ModelPlan): void;
  /** Records the failure of a model's construction (or rethrows a stack overflow). */
  constructFailed(error: unknown, plan: ModelPlan): void;
  /** Records a factory that returned no object. */
  notAnObject(plan: ModelPlan): void;
  /** `true` when instances of the model have readonly members (fields are then written in the construction phase: {@link DecoderApi.sealedFields}). */
  sealed(mc: ModelCodec): boolean;
  /** `decodeFields` of a new instance with readonly members, in its construction phase. */
  sealedFields(data: Record<string, unknown>, instance: object, decodeFields: ModelCodec["decodeFields"]): void;
}

/** What a prototype maps to: a model or a codec. */
export type Handler =
  | { readonly model: ModelCodec; readonly codec?: undefined }
  | { readonly model?: undefined; readonly codec: Codec<unknown> };

/** The registry seen from the encoder and decoder. */
export interface Lookup {
  handlerFor(value: object, proto: object | null): Handler | undefined;
  byName(name: string): Handler | undefined;
  functionName(fn: Function): string | undefined;
  resolveFunction(name: string): Function | undefined;
  /** What a field's declared type expects (cached per field). */
  expect(f: FieldPlan): Expect;
  /** The registered models of a class position. */
  family(ctor: Function): Family | undefined;
  /** The plain-JSON view of the registry (resolving element types). */
  readonly plain: PlainLookup;
}

/**
 * The header of a tagged model. Built from `{}`, whose objects have room for
 * four properties in the object itself: a literal `{ $type }` has room for
 * one, and the fields written after it go to a separate property array
 * allocated and grown per tree (a small model's tree is now one object).
 */
export function tagHeader(plan: ModelPlan): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  o.$type = plan.name;
  if (plan.version > 0) o.$version = plan.version;
  return o;
}

/** `true` for an array or a plain object: where a Map, Set, model or codec is declared, one is wrapped so it is not read as one. */
export function plainContainer(proto: object | null): boolean {
  return proto === Array.prototype || proto === Object.prototype || proto === null;
}

interface RefSlot {
  id: number;
  node: unknown;
}

/** A value waiting for the iterative walk: its node goes to `into[key]`. */
interface Job {
  value: unknown;
  key: PathSegment;
  /** Length of the parent's path in `keys`. */
  base: number;
  depth: number;
  into: Record<PathSegment, unknown> | undefined;
  /** Where the node goes in `into` when not under `key` (the `"value"` of a tag wrapping it). */
  slot: PathSegment | undefined;
  /** The declared type of a value written untagged (see `Encoder.untagged`); `undefined`: written as `child` writes it. */
  ex: Expect;
  /** A model's first keys, with `ex`. */
  head: Record<string, unknown> | undefined;
  /** The model's or codec's handler, with `ex`. */
  handler: Handler | undefined;
  /** A Map's `[key, value]` pair written untagged (`value` is the pair): the declared types of its key and value. */
  pair: readonly [Expect, Expect] | undefined;
}

const GeneratorProto: object = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()));
const AsyncGeneratorProto: object = Object.getPrototypeOf(Object.getPrototypeOf((async function* () {})()));
const GeneratorFunctionProto: object = Object.getPrototypeOf(function* () {});
const AsyncGeneratorFunctionProto: object = Object.getPrototypeOf(async function* () {});

function describeFunction(fn: Function): string {
  const proto = Object.getPrototypeOf(fn);
  const name = typeof fn.name === "string" && fn.name ? ` ${fn.name}` : "";
  if (proto === GeneratorFunctionProto || proto === AsyncGeneratorFunctionProto) return `a generator function${name}`;
  const src = Function.prototype.toString.call(fn);
  if (src.startsWith("class")) return `a class${name} (classes are code, not data)`;
  return `a function${name}`;
}

function className(value: object): string {
  return formatValue(value);
}

/** Strings, booleans and numbers JSON carries exactly. */
export function jsonPrimitive(x: unknown): boolean {
  return typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && plainNumber(x));
}

/** A key JavaScript orders before the others in an object (an array index). */
export function isIndexKey(k: string): boolean {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4294967295;
}

/**
 * Whether a Map in a position declared `Map` (key type `ke`) is written as an
 * object: when its keys are declared strings (or undeclared) and every key is
 * a string that an object keeps as it is (not `$type`, not `__proto__`, not an
 * array index, which an object would move first); else as `[key, value]`
 * pairs. The tree encoder and the text writer both decide by this.
 */
export function writesMapAsObject(m: Map<unknown, unknown>, ke: Expect | undefined): boolean {
  if (ke !== undefined && ke.k !== "string") return false;
  for (const k of m.keys()) if (typeof k !== "string" || k === "$type" || k === "__proto__" || isIndexKey(k)) return false;
  return true;
}

/** True for numbers JSON carries exactly (finite, not -0). */
export function plainNumber(x: number): boolean {
  return x - x === 0 && (x !== 0 || 1 / x > 0);
}

/** Encodes a value graph into a wire tree. */
export class Encoder implements EncodeContext {
  /** Path from the root to the object being encoded. */
  readonly keys: PathSegment[] = [];
  protected depth = 0;
  private readonly stack: object[] = [];
  private readonly refs: Map<object, RefSlot> | undefined;
  private nextId = 0;
  private readonly wrapArrays: Map<unknown[], number> | undefined;
  /** Recursion stops here: `maxDepth`, or the depth where the iterative walk takes over (0 while it runs). */
  protected limit: number;
  /** Inside the iterative walk: nested values become jobs instead of calls. */
  private driving = false;
  private readonly pending: Job[] = [];
  /** The container the jobs made by the last node go into. */
  private into: Record<PathSegment, unknown> | undefined;
  /** The deepest level reached (for `serialize`'s choice of JSON writer). */
  deepest = 0;
  /** The handler `typed` found for the model or codec value it passes to `container` (read first thing by `untagged`). */
  private handler: Handler | undefined;
  /** `"all"`, `"needed"` or `"none"`: see {@link TagPolicy}. */
  readonly policy: TagPolicy;
  /** How this call puts the keys of the plain objects it builds (see {@link KeyGuard}). */
  protected readonly guard = new KeyGuard();

  constructor(
    protected readonly lookup: Lookup,
    protected readonly maxDepth: number,
    references: boolean,
    policy: TagPolicy = "all",
  ) {
    this.policy = references ? "all" : policy;
    this.refs = references ? new Map() : undefined;
    this.wrapArrays = references ? new Map() : undefined;
    this.limit = Math.min(maxDepth, depthSettings.recursive);
  }

  get path(): readonly PathSegment[] {
    return this.keys.slice();
  }

  /**
   * After a call that returned: `true` when this encoder is back in its
   * starting state (no references table, the iterative walk never ran), so
   * it may encode another root; {@link Encoder.again} readies it.
   */
  reusable(): boolean {
    return this.refs === undefined && this.depth === 0 && this.deepest === 0 && this.keys.length === 0 && this.pending.length === 0;
  }

  /** Readies a {@link Encoder.reusable} encoder for another root (the recursion threshold as it is now). */
  again(): void {
    this.limit = Math.min(this.maxDepth, depthSettings.recursive);
    this.handler = undefined;
    this.into = undefined;
    this.driving = false;
    this.guard.reset();
  }

  encode(value: unknown, key: PathSegment | readonly PathSegment[]): unknown {
    if (this.driving) return this.now(value, Array.isArray(key) ? (key as readonly PathSegment[]) : [key as PathSegment]);
    if (!Array.isArray(key)) return this.child(value, key as PathSegment);
    const keys = key as readonly PathSegment[];
    if (keys.length === 0)
      return typeof value === "object" && value !== null ? this.encodeObject(value) : this.encodePrimitive(value, undefined);
    return underSegments(this.keys, keys, (last) => this.child(value, last));
  }

  functionName(fn: Function, key: PathSegment): string {
    const name = typeof fn === "function" ? this.lookup.functionName(fn) : undefined;
    if (name === undefined)
      throw new SerializeError(
        [...this.keys, key],
        `${typeof fn === "function" ? describeFunction(fn) : formatValue(fn)} is not registered; register it with registry.registerFunction(name, fn)`,
      );
    return name;
  }

  /** A `Date` / `[Date]` field refuses an invalid date unless it says `invalidDate: true` (deserialize would refuse it). */
  checkDates(x: unknown, wire: string): void {
    if (x instanceof Date) {
      if (Number.isNaN(Date.prototype.getTime.call(x))) this.invalidDate([wire]);
    } else if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const d = x[i];
        if (d instanceof Date && Number.isNaN(Date.prototype.getTime.call(d))) this.invalidDate([wire, i]);
      }
    }
  }

  private invalidDate(at: PathSegment[]): never {
    throw new SerializeError(
      [...this.keys, ...at],
      "an invalid Date in a Date field cannot be read back; declare the field with @field({ type: Date, invalidDate: true }) to allow it",
    );
  }

  /** Encodes the root value. */
  root(value: unknown): unknown {
    if (this.policy === "none") {
      // Plain JSON: the root is written as what it is (its own class, a Date, ...), without a tag.
      const ex = this.selfExpect(value);
      if (ex !== undefined) return this.typed(value, ex, undefined, false, true);
      if (value === undefined) throw PLAIN_FALLBACK;
    }
    const out = typeof value === "object" && value !== null ? this.encodeObject(value) : this.encodePrimitive(value, undefined);
    return this.refs ? this.finishRefs(out) : out;
  }

  /** The type a value has by itself, for the root of plain JSON. */
  private selfExpect(value: unknown): Expect {
    if (typeof value === "bigint") return { k: "bigint" };
    if (typeof value !== "object" || value === null) return undefined;
    const proto = Object.getPrototypeOf(value);
    if (proto === Date.prototype) return { k: "date" };
    if (proto === Map.prototype) return { k: "map", of: undefined };
    if (proto === Set.prototype) return { k: "set", of: undefined };
    const h = proto === null || proto === Object.prototype || proto === Array.prototype ? undefined : this.lookup.handlerFor(value, proto);
    return h?.model ? { k: "model", ctor: h.model.plan.ctor } : undefined;
  }

  /** An `undefined` optional field is left out when a missing key reads back as it (always in plain JSON). */
  omits(f: FieldPlan, plan: ModelPlan): boolean {
    if (plan.freshUndefined(f.key)) return true;
    // Left out, the key would read back as the constructor's value; tagged output writes undefined's tag.
    if (this.policy === "none") throw this.fail(f.wire, UNDEFINED_OVER_INITIAL);
    return false;
  }

  /** A model field's value, in a position of the field's declared type. */
  field(x: unknown, f: FieldPlan): unknown {
    if (this.policy === "all") {
      this.checkTagged(x, f);
      return this.child(x, f.wire);
    }
    return this.typed(x, this.lookup.expect(f), f.wire, f.optional, false);
  }

  /** A field's value written tagged: a string or number a reader would take for the declared type (a Date, a bigint, a codec value) cannot be written. */
  private checkTagged(x: unknown, f: FieldPlan): void {
    if (typeof x === "string" || typeof x === "number" || typeof x === "boolean") {
      const ex = this.lookup.expect(f);
      if (
        ex !== undefined &&
        (ex.k === "codec" || (typeof x !== "boolean" && (ex.k === "bigint" || (ex.k === "date" && typeof x === "string"))))
      )
        this.ambiguous(x, ex, f.wire);
    }
  }

  /**
   * `x` in a position declared `ex` (at `key`, `undefined` for the root):
   * untagged where the declaration settles it, else as {@link child} writes
   * it (tagged; plain JSON gives up, see {@link TagPolicy}).
   */
  protected typed(x: unknown, ex: Expect, key: PathSegment | undefined, optional: boolean, root = false): unknown {
    if (ex === undefined) return key === undefined ? this.root(x) : this.child(x, key);
    const none = this.policy === "none";
    if (typeof x !== "object" || x === null) {
      switch (typeof x) {
        case "string":
          // A string where a Date, bigint or codec value is declared would be read as one.
          if (ex.k === "date" || ex.k === "bigint" || ex.k === "codec") return this.ambiguous(x, ex, key);
          // Another type than declared: deserialize refuses it (plain JSON gives up here, to say so).
          if (ex.k !== "string") this.otherType(x, ex.k, key);
          return x;
        case "boolean":
          if (ex.k === "codec") return this.ambiguous(x, ex, key);
          if (ex.k !== "boolean") this.otherType(x, ex.k, key);
          return x;
        case "number":
          if (ex.k === "bigint" || ex.k === "codec") return this.ambiguous(x, ex, key);
          if (ex.k !== "number") this.otherType(x, ex.k, key);
          if (plainNumber(x)) return x;
          if (none) {
            if (Object.is(x, -0) && ex.k === "number") return 0;
            throw PLAIN_FALLBACK;
          }
          break;
        case "bigint":
          if (ex.k === "bigint") return x.toString();
          if (none) throw PLAIN_FALLBACK;
          break;
        case "object":
          // null: plain JSON keeps it only where it reads back (an optional field).
          if (none && !optional) throw PLAIN_FALLBACK;
          return null;
        case "undefined":
          if (none) throw PLAIN_FALLBACK;
          break;
      }
      return key === undefined ? this.encodePrimitive(x, undefined) : this.encodePrimitive(x, key);
    }
    const proto: object | null = Object.getPrototypeOf(x);
    switch (ex.k) {
      case "date":
        if (proto === Date.prototype) {
          const t = Date.prototype.getTime.call(x);
          if (t - t === 0) return Date.prototype.toISOString.call(x);
        }
        break;
      case "array":
        if (proto === Array.prototype) return this.container(x, ex, key, undefined);
        break;
      case "map":
        if (proto === Map.prototype) return this.container(x, ex, key, undefined);
        break;
      case "set":
        if (proto === Set.prototype) return this.container(x, ex, key, undefined);
        break;
      case "model": {
        const h = proto === null ? undefined : this.lookup.handlerFor(x, proto);
        const plan = h?.model?.plan;
        if (plan === undefined) break;
        this.handler = h as Handler;
        const fam = this.lookup.family(ex.ctor);
        if (fam === undefined) break;
        if (none) {
          const exact = plan.ctor === ex.ctor;
          if (!exact && !Object.prototype.isPrototypeOf.call(ex.ctor.prototype, plan.ctor.prototype)) break;
          // A subclass (or, below the root, a class with subclasses) is said by the discriminator.
          if (fam.key !== undefined) return this.container(x, ex, key, { [fam.key]: plan.discriminatorValue });
          if (exact && (root || !fam.polymorphic)) return this.container(x, ex, key, {});
          break;
        }
        if (plan.ctor === ex.ctor && !fam.polymorphic)
          return this.container(x, ex, key, plan.version > 0 ? { $version: plan.version } : {});
        break;
      }
      case "codec":
        if (proto !== null) {
          const h = this.lookup.handlerFor(x, proto);
          if (h?.codec === ex.codec) {
            this.handler = h;
            return this.container(x, ex, key, undefined);
          }
        }
        break;
    }
    // The declaration does not settle it: a tag says what it is.
    if (none) throw PLAIN_FALLBACK;
    if (key === undefined) return this.encodeObject(x);
    const out = this.child(x, key);
    if (ex.k !== "array" && plainContainer(proto)) {
      if (out === null && this.driving) return this.wrapDeferred(x, proto);
      if (proto === Array.prototype) return { $type: "array", value: out };
      const o = out as Record<string, unknown>;
      if (!(o.$type !== undefined && Object.hasOwn(o, "$type"))) return { $type: "object", value: o };
    }
    return out;
  }

  /**
   * `typed`'s tag around a plain array or object in the iterative walk, whose
   * node is still a job (the last one deferred): the job's node goes under
   * the wrapper's `"value"`. An object holding `"$type"` is wrapped by its
   * own step, as `plain` wraps it.
   */
  private wrapDeferred(x: object, proto: object | null): unknown {
    if (proto !== Array.prototype && Object.prototype.propertyIsEnumerable.call(x, "$type")) return null;
    const wrapper: Record<string, unknown> = { $type: proto === Array.prototype ? "array" : "object", value: null };
    const job = this.pending[this.pending.length - 1] as Job;
    job.into = wrapper;
    job.slot = "value";
    return wrapper;
  }

  /**
   * A string, number or boolean in a position declared as another type (`declared`): plain JSON gives up (its
   * conversion names it); tagged output refuses another of the three, which deserialize would refuse.
   */
  private otherType(x: string | number | boolean, declared: string, key: PathSegment | undefined): void {
    if (this.policy === "none") throw PLAIN_FALLBACK;
    if (declared === "string" || declared === "number" || declared === "boolean")
      throw this.fail(
        key,
        `expected ${declared} here (the declared type), found a ${typeof x} (${formatValue(x)}): it could not be read back`,
      );
  }

  /** A primitive that the declared type would read as something else (a string where a Date is declared). */
  private ambiguous(x: unknown, ex: Expect, key: PathSegment | undefined): never {
    if (this.policy === "none") throw PLAIN_FALLBACK;
    const what = ex === undefined ? "value" : ex.k === "codec" ? ex.codec.name : ex.k === "date" ? "Date" : ex.k;
    throw this.fail(
      key,
      `${formatValue(x)} where a ${what} is declared would read back as a ${what}: store a ${what} there, or declare the field's type as it is`,
    );
  }

  /** An array, Map, Set, model or codec value written untagged in its declared position (`head`: a model's first keys). */
  private container(x: object, ex: NonNullable<Expect>, key: PathSegment | undefined, head: Record<string, unknown> | undefined): unknown {
    if (key !== undefined) this.keys.push(key);
    const depth = ++this.depth;
    let out: unknown;
    if (depth > this.limit) {
      if (this.policy === "none") throw PLAIN_FALLBACK;
      out = this.deeper(x, depth, ex, head);
    } else {
      this.stack[depth] = x;
      out = this.untagged(x, ex, head);
      this.stack[depth] = undefined as never;
      this.depth = depth - 1;
    }
    if (key !== undefined) this.keys.pop();
    return out;
  }

  private untagged(x: object, ex: NonNullable<Expect>, head: Record<string, unknown> | undefined): unknown {
    switch (ex.k) {
      case "array": {
        const a = x as unknown[];
        const elem = ex.elem === undefined ? undefined : expectOf(ex.elem, this.lookup.plain);
        // Which primitives an element is copied as it is: the declared one, or any JSON primitive where no type is
        // declared. Another goes to `typed`, which refuses it (a `typeof` against a constant per element, as before).
        const k = elem?.k;
        const str = elem === undefined || k === "string";
        const num = elem === undefined || k === "number";
        const bool = elem === undefined || k === "boolean";
        const n = a.length;
        const out: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const y = a[i];
          out[i] =
            (typeof y === "string" && str) || (typeof y === "boolean" && bool) || (typeof y === "number" && num && plainNumber(y))
              ? y
              : this.typed(y, elem, i, false);
        }
        return out;
      }
      case "set": {
        const elem = ex.of === undefined ? undefined : expectOf(ex.of, this.lookup.plain);
        const out: unknown[] = [];
        for (const y of x as Set<unknown>) {
          const i = out.length;
          out.push(elem === undefined && jsonPrimitive(y) ? y : this.typed(y, elem, i, false));
        }
        return out;
      }
      case "map": {
        const m = x as Map<unknown, unknown>;
        const ke = ex.of === undefined ? undefined : expectOf(ex.of[0], this.lookup.plain);
        const ve = ex.of === undefined ? undefined : expectOf(ex.of[1], this.lookup.plain);
        if (writesMapAsObject(m, ke)) {
          const out: Record<string, unknown> = {};
          const fast = this.guard.fast(m.size);
          m.forEach((v, k) => {
            putKey(out, k as string, ve === undefined && jsonPrimitive(v) ? v : this.typed(v, ve, k as string, false), fast);
          });
          return out;
        }
        const out: unknown[] = new Array(m.size);
        let i = 0;
        m.forEach((v, k) => {
          if (ke === undefined && ve === undefined && jsonPrimitive(k) && jsonPrimitive(v)) out[i] = [k, v];
          else out[i] = this.pair(k, v, ke, ve, i);
          i++;
        });
        return out;
      }
      case "model": {
        const h = this.handler as Handler;
        return (h.model as ModelCodec).encode(x, this, head as Record<string, unknown>);
      }
      case "codec": {
        const h = this.handler as Handler;
        const codec = h.codec as Codec<unknown>;
        const payload = codec.encode(x, this);
        // A payload that looks tagged keeps its wrapper, so it is not read as the tag it holds.
        if (payload !== null && typeof payload === "object" && !Array.isArray(payload) && Object.hasOwn(payload, "$type")) {
          if (this.policy === "none") throw PLAIN_FALLBACK;
          return { $type: codec.name, value: payload };
        }
        return payload;
      }
      default:
        throw new Error(`decorum: no untagged form for ${ex.k}`);
    }
  }

  /** One `[key, value]` pair of a Map written untagged (a level of its own). */
  private pair(k: unknown, v: unknown, ke: Expect, ve: Expect, i: number): unknown {
    this.keys.push(i);
    const depth = ++this.depth;
    if (depth > this.limit) {
      if (this.policy === "none") throw PLAIN_FALLBACK;
      const out = this.deeper([k, v], depth, undefined, undefined, [ke, ve]);
      this.keys.pop();
      return out;
    }
    const out = [this.typed(k, ke, 0, false), this.typed(v, ve, 1, false)];
    this.depth = depth - 1;
    this.keys.pop();
    return out;
  }

  /** Encodes a nested value found under `key`. */
  child(value: unknown, key: PathSegment): unknown {
    if (typeof value === "object" && value !== null) {
      this.keys.push(key);
      const out = this.encodeObject(value);
      this.keys.pop();
      return out;
    }
    return this.encodePrimitive(value, key);
  }

  private fail(key: PathSegment | undefined, message: string): SerializeError {
    return new SerializeError(key === undefined ? this.keys.slice() : [...this.keys, key], message);
  }

  protected encodePrimitive(value: unknown, key: PathSegment | undefined): unknown {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        if (plainNumber(value)) return value;
        if (this.policy === "none") {
          if (Object.is(value, -0)) return 0;
          throw PLAIN_FALLBACK;
        }
        return { $type: "number", value: Object.is(value, -0) ? "-0" : String(value) };
      case "bigint":
        if (this.policy === "none") throw PLAIN_FALLBACK;
        return { $type: "bigint", value: value.toString() };
      case "undefined":
        if (this.policy === "none") throw PLAIN_FALLBACK;
        return { $type: "undefined" };
      case "function":
      case "symbol":
        // In the iterative walk the error waits its turn (document order), as it would when recursing.
        if (this.driving && key !== undefined) return this.defer(value, key, this.keys.length);
        throw this.primError(value, key);
      default:
        return null;
    }
  }

  private primError(value: unknown, key: PathSegment | undefined): SerializeError {
    return typeof value === "function"
      ? this.fail(key, `cannot serialize ${describeFunction(value)}`)
      : this.fail(key, `cannot serialize a symbol (${formatValue(value)})`);
  }

  private encodeObject(value: object): unknown {
    if (this.refs) {
      // The iterative walk looks references up when it reaches the value, in document order.
      if (this.driving) return this.defer(value, this.keys[this.keys.length - 1] as PathSegment, this.keys.length - 1);
      const slot = this.refs.get(value);
      if (slot) {
        if (slot.id < 0) slot.id = this.nextId++;
        return { $type: "ref", value: slot.id };
      }
    }
    const depth = ++this.depth;
    if (depth > this.limit) return this.deeper(value, depth);
    this.stack[depth] = value;
    let out: unknown;
    if (this.refs) {
      const slot: RefSlot = { id: -1, node: undefined };
      this.refs.set(value, slot);
      out = this.inner(value);
      slot.node = out;
    } else out = this.inner(value);
    this.stack[depth] = undefined as never;
    this.depth = depth - 1;
    return out;
  }

  protected inner(value: object): unknown {
    const proto: object | null = Object.getPrototypeOf(value);
    if (proto === Array.prototype) {
      const a = value as unknown[];
      const n = a.length;
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const x = a[i];
        out[i] = typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && plainNumber(x)) ? x : this.child(x, i);
      }
      return out;
    }
    if (proto === Object.prototype || proto === null) return this.plain(value as Record<string, unknown>);
    const h = this.lookup.handlerFor(value, proto);
    if (h !== undefined) {
      // Plain JSON has no spelling for a model or built-in where no type is declared.
      if (this.policy === "none") throw PLAIN_FALLBACK;
      if (h.model) return h.model.encode(value, this, tagHeader(h.model.plan));
      return { $type: h.codec.name, value: h.codec.encode(value, this) };
    }
    if (Object.prototype.isPrototypeOf.call(GeneratorProto, value) || Object.prototype.isPrototypeOf.call(AsyncGeneratorProto, value))
      throw this.fail(undefined, "cannot serialize a generator (its suspended state is code, not data)");
    throw this.fail(
      undefined,
      `cannot serialize an instance of ${className(value)}: the class is not registered (decorate it with @model() or register a codec)`,
    );
  }

  /** Encodes a plain object's own enumerable string keys; escapes it if it holds "$type". */
  plain(value: Record<string, unknown>): unknown {
    const out = this.plainBody(value);
    // Twin in `step` (the iterative walk needs `out` itself).
    if (out.$type !== undefined && Object.hasOwn(out, "$type")) {
      if (this.policy === "none") throw PLAIN_FALLBACK;
      return { $type: "object", value: out };
    }
    return out;
  }

  private plainBody(value: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    const none = this.policy === "none";
    const fast = this.guard.fast(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const x = value[k];
      // Plain JSON leaves an undefined value out, as JSON.stringify does.
      if (x === undefined && none) continue;
      const v = typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && plainNumber(x)) ? x : this.child(x, k);
      putKey(out, k, v, fast);
    }
    return out;
  }

  /**
   * Past the recursion limit: the nesting error, a job (inside the walk), or
   * the start of the iterative walk. With `ex`, the value is written untagged
   * in its declared position (`head`: a model's first keys), as when recursing;
   * with `pair`, it is a Map's `[key, value]` pair of those declared types.
   */
  private deeper(
    value: object,
    depth: number,
    ex: Expect = undefined,
    head?: Record<string, unknown>,
    pair?: readonly [Expect, Expect],
  ): unknown {
    this.depth = depth - 1;
    if (this.policy === "none") throw PLAIN_FALLBACK;
    const key = this.keys[this.keys.length - 1] as PathSegment;
    if (this.driving) {
      this.pending.push(this.job(value, key, this.keys.length - 1, undefined, ex, head, pair));
      return null;
    }
    if (depth > this.maxDepth) {
      this.depth = depth;
      this.tooDeep(value);
    }
    return this.drive(value, ex, head, pair);
  }

  private defer(value: unknown, key: PathSegment, base: number): null {
    this.pending.push(this.job(value, key, base, undefined, undefined, undefined, undefined));
    return null;
  }

  /** A job one level below the current depth (`into`: where its node goes, when already known). */
  private job(
    value: unknown,
    key: PathSegment,
    base: number,
    into: Record<PathSegment, unknown> | undefined,
    ex: Expect,
    head: Record<string, unknown> | undefined,
    pair: readonly [Expect, Expect] | undefined,
  ): Job {
    const handler = ex === undefined ? undefined : this.handler;
    return { value, key, base, depth: this.depth + 1, into, slot: undefined, ex, head, handler, pair };
  }

  /** A codec's `ctx.encode` inside the iterative walk: encoded now (the codec needs the result), by a nested walk. */
  private now(value: unknown, keys: readonly PathSegment[]): unknown {
    const n = this.keys.length;
    for (const k of keys) this.keys.push(k);
    try {
      if (typeof value === "object" && value !== null) return this.drive(value, undefined, undefined, undefined);
      this.keys.pop();
      this.driving = false;
      try {
        return this.encodePrimitive(value, keys[keys.length - 1]);
      } finally {
        this.driving = true;
      }
    } finally {
      this.keys.length = n;
    }
  }

  /**
   * The iterative walk: encodes `root` (at `keys`, one level below `depth`)
   * with a heap stack of jobs, in the same depth-first document order as the
   * recursion (so references get the same ids and errors the same paths).
   */
  private drive(root: object, ex: Expect, head: Record<string, unknown> | undefined, pair: readonly [Expect, Expect] | undefined): unknown {
    const wasDriving = this.driving;
    const wasLimit = this.limit;
    const parentDepth = this.depth;
    const rootLength = this.keys.length;
    const box: Record<PathSegment, unknown> = { v: undefined };
    const todo: Job[] = [this.job(root, "v", -1, box, ex, head, pair)];
    this.driving = true;
    this.limit = 0;
    const pending = this.pending;
    try {
      while (todo.length > 0) {
        const job = todo.pop() as Job;
        if (job.base < 0) this.keys.length = rootLength;
        else {
          this.keys.length = job.base;
          if (typeof job.value !== "object" || job.value === null) throw this.primError(job.value, job.key);
          this.keys.push(job.key);
        }
        const mark = pending.length;
        const node = this.step(job);
        const into = job.into as Record<PathSegment, unknown>;
        const slot = job.slot ?? job.key;
        // The key is `into`'s own already (the placeholder its parent's step put, a wrapper's "value", the box's "v"): a plain store is safe.
        into[slot] = node;
        if (pending.length > mark) {
          const target = this.into;
          for (let i = pending.length - 1; i >= mark; i--) {
            const c = pending[i] as Job;
            // A job of a tag's "value" already knows where its node goes.
            if (c.into === undefined) c.into = target;
            todo.push(c);
          }
          pending.length = mark;
        }
      }
    } finally {
      this.driving = wasDriving;
      this.limit = wasLimit;
    }
    this.keys.length = rootLength;
    this.depth = parentDepth;
    return box.v;
  }

  /**
   * One node of the iterative walk: `encodeObject` + `inner` (or, for a value
   * in a declared position, `container` + `untagged`), with nested values left
   * as jobs for `into`.
   */
  private step(job: Job): unknown {
    const value = job.value as object;
    const depth = job.depth;
    this.into = undefined;
    if (job.ex !== undefined || job.pair !== undefined) {
      // Written untagged, as the recursion writes it: no reference lookup (references mode tags every value).
      this.depth = depth;
      if (depth > this.deepest) this.deepest = depth;
      if (depth > this.maxDepth) this.tooDeep(value);
      this.stack[depth] = value;
      let node: unknown;
      if (job.pair !== undefined) {
        const [k, v] = value as [unknown, unknown];
        node = [this.typed(k, job.pair[0], 0, false), this.typed(v, job.pair[1], 1, false)];
      } else {
        this.handler = job.handler;
        node = this.untagged(value, job.ex as NonNullable<Expect>, job.head);
      }
      this.into = job.ex?.k === "codec" ? undefined : (node as Record<PathSegment, unknown>);
      return node;
    }
    let slot: RefSlot | undefined;
    if (this.refs) {
      const seen = this.refs.get(value);
      if (seen) {
        if (seen.id < 0) seen.id = this.nextId++;
        return { $type: "ref", value: seen.id };
      }
      slot = { id: -1, node: undefined };
      this.refs.set(value, slot);
    }
    this.depth = depth;
    if (depth > this.deepest) this.deepest = depth;
    if (depth > this.maxDepth) this.tooDeep(value);
    this.stack[depth] = value;
    let node: unknown;
    const proto: object | null = Object.getPrototypeOf(value);
    if (proto === Array.prototype) {
      node = this.inner(value);
      this.into = node as Record<PathSegment, unknown>;
    } else if (proto === Object.prototype || proto === null) {
      const out = this.plainBody(value as Record<string, unknown>);
      node = out.$type !== undefined && Object.hasOwn(out, "$type") ? { $type: "object", value: out } : out;
      this.into = out;
    } else {
      const h = this.lookup.handlerFor(value, proto);
      if (h?.codec === MAP_CODEC || h?.codec === SET_CODEC) {
        // Same payload as the built-in codecs, with nested values as jobs.
        const out: unknown[] = [];
        if (h.codec === MAP_CODEC)
          (value as Map<unknown, unknown>).forEach((v, k) => {
            out.push(jsonPrimitive(k) && jsonPrimitive(v) ? [k, v] : this.child([k, v], out.length));
          });
        else for (const v of value as Set<unknown>) out.push(jsonPrimitive(v) ? v : this.child(v, out.length));
        node = { $type: h.codec.name, value: out };
        this.into = out as unknown as Record<PathSegment, unknown>;
      } else {
        node = this.inner(value);
        this.into = h?.model ? (node as Record<PathSegment, unknown>) : undefined;
      }
    }
    if (slot) slot.node = node;
    return node;
  }

  private tooDeep(value: object): never {
    const seen = new Map<object, number>();
    for (let i = 1; i <= this.depth; i++) {
      const o = i === this.depth ? value : (this.stack[i] as object);
      const j = seen.get(o);
      if (j !== undefined) {
        const ancestor = formatPath(this.keys.slice(0, j - 1)) || "(root)";
        throw new SerializeError(
          this.keys.slice(0, i - 1),
          `cycle: this value is its own ancestor at ${ancestor}; serialize with { references: true } to keep cycles and shared objects`,
        );
      }
      seen.set(o, i);
    }
    throw new SerializeError(this.keys.slice(), `nesting deeper than ${this.maxDepth} levels (the maxDepth option)`);
  }

  /** References mode: give shared nodes their "$id" (tagged objects in place, arrays wrapped). */
  private finishRefs(root: unknown): unknown {
    const refs = this.refs as Map<object, RefSlot>;
    const wrap = this.wrapArrays as Map<unknown[], number>;
    for (const slot of refs.values()) {
      if (slot.id < 0) continue;
      const node = slot.node;
      if (Array.isArray(node)) wrap.set(node, slot.id);
      else if (node !== null && typeof node === "object") addId(node as Record<string, unknown>, slot.id);
    }
    if (wrap.size === 0) return root;
    const wrapped = (a: unknown[]) => ({ $type: "array", $id: wrap.get(a), value: a });
    const todo: unknown[] = [root];
    while (todo.length > 0) {
      const node = todo.pop();
      if (node === null || typeof node !== "object") continue;
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const c = node[i];
          if (Array.isArray(c) && wrap.has(c)) node[i] = wrapped(c);
          todo.push(c);
        }
      } else {
        const o = node as Record<string, unknown>;
        for (const k of Object.keys(o)) {
          const c = o[k];
          if (Array.isArray(c) && wrap.has(c)) o[k] = wrapped(c);
          todo.push(c);
        }
      }
    }
    return Array.isArray(root) && wrap.has(root) ? wrapped(root) : root;
  }
}

/**
 * Adds "$id" right after "$type", turning a plain object node into an `object`
 * wrapper first. A node is tagged when it has an own "$type" key, wherever that
 * key is: integer-like keys ("0", "1") always come first in a JavaScript
 * object, so the first key says nothing (plain objects holding "$type" were
 * already escaped by `plain`).
 */
function addId(node: Record<string, unknown>, id: number): void {
  const entries: Array<[string, unknown]> = Object.keys(node).map((k) => [k, node[k]]);
  for (const [k] of entries) delete node[k];
  const tagged = entries.some(([k]) => k === "$type");
  const put = setKey;
  if (tagged) {
    const tag = entries.find(([k]) => k === "$type");
    put(node, "$type", tag?.[1]);
    put(node, "$id", id);
    for (const [k, v] of entries) if (k !== "$type") put(node, k, v);
  } else {
    const inner: Record<string, unknown> = {};
    for (const [k, v] of entries) put(inner, k, v);
    put(node, "$type", "object");
    put(node, "$id", id);
    put(node, "value", inner);
  }
}
