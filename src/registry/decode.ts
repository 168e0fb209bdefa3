/**
 * The decoder: wire tree (parsed JSON) -> value graph, one instance per
 * `deserialize` / `fromPlain` call. It never throws for bad input: every
 * problem becomes an issue with its path, and the caller throws one
 * `DeserializeError` at the end. Only registered classes are constructed,
 * and only with zero arguments (or the model's factory); input keys never
 * reach a prototype.
 *
 * @module
 */
import { enterInitializing, exitInitializing, hasReadonlyMembers } from "../descriptors/index.js";
import { recordVersion } from "../descriptors/member.js";
import { DecorumError, formatValue, type Issue, type PathSegment, ValidationError } from "../errors.js";
import type { CodecIssue, DecodeContext } from "./codec.js";
import { MAP_CODEC, parseIsoDate, SET_CODEC } from "./codecs/builtins.js";
import { depthSettings, isStackOverflow } from "./depth.js";
import type { DecoderApi, Handler, Lookup, ModelCodec } from "./encode.js";
import { KeyGuard, putKey, setKey, underSegments } from "./path.js";
import {
  bigintNumberMessage,
  type Expect,
  expectOf,
  type Family,
  needsTyping,
  objectKeysIssue,
  Poison,
  typeInput,
  type UnknownKeys,
} from "./plain.js";
import { type FieldPlan, type ModelPlan, type TypeCheck, typeCheck, unknownKeyMode } from "./plan.js";

/**
 * Element expectations of array expectations. An expectation with element
 * types is made by the registry's caches, which start over whenever a model
 * or codec is added or removed, so a cached element never outlives the
 * registry state it was resolved in.
 */
const elemExpects = new WeakMap<object, Expect>();

/** Per model expectation (made by the same caches): the family of its class and the codec of the class itself. */
const modelSites = new WeakMap<object, ModelSite>();
interface ModelSite {
  readonly fam: Family | undefined;
  readonly self: ModelCodec | undefined;
  /**
   * The codec of the class itself where an untagged object is always that class: no registered
   * subclass, no discriminator, a model of declared fields (what {@link Decoder.untagged} reads in one step).
   */
  readonly direct: ModelCodec | undefined;
}

/** The site of a model expectation (cached in `modelSites`). */
function siteOf(lookup: Lookup, ex: { readonly k: "model"; readonly ctor: Function }): ModelSite {
  let site = modelSites.get(ex);
  if (site === undefined) {
    const fam = lookup.family(ex.ctor);
    const self = fam?.self === undefined ? undefined : (lookup.byName(fam.self.name)?.model as ModelCodec | undefined);
    const direct =
      fam !== undefined &&
      !fam.polymorphic &&
      fam.key === undefined &&
      self !== undefined &&
      self.plan === fam.self &&
      self.plan.mode === "fields"
        ? self
        : undefined;
    site = { fam, self, direct };
    modelSites.set(ex, site);
  }
  return site;
}

/** {@link Decoder.untagged}, `ModelCodec.read`: not the usual case, take the general path. */
export const GENERIC: unique symbol = Symbol("decorum.generic");

/**
 * Internal: `untagged: false` sends every untagged object in a model
 * position down the general path, which tests compare with the one-step
 * path of {@link Decoder.untagged}; `text: false` makes `deserialize` parse
 * every text with `JSON.parse` (no text reader, see read-text.ts).
 */
export const decodeShortcuts: { untagged: boolean; tagged: boolean; text: boolean } = { untagged: true, tagged: true, text: true };

/** Returned by a decode step that failed (its issues are already recorded). */
export const INVALID: unique symbol = Symbol("decorum.invalid");

/**
 * `v === GENERIC` and `v === INVALID` for a value of any type, on the hot paths. The optimizing
 * compiler does not see a module's symbol as a constant, so `===` between it and a value of another
 * type (an instance, a number) calls the generic equality builtin; after the `typeof` test it is a
 * pointer comparison (measured: 80 of 1,600 machine instructions per node of a linked chain).
 */
function isGeneric(v: unknown): v is typeof GENERIC {
  return typeof v === "symbol" && v === GENERIC;
}

/** `v === INVALID` (see {@link isGeneric}). */
function isInvalid(v: unknown): v is typeof INVALID {
  return typeof v === "symbol" && v === INVALID;
}

const NO_DATA: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const PENDING: unique symbol = Symbol("decorum.pending");
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
const MODEL_META = new Set(["$type", "$version", "$id"]);

const INTEGER = /^-?\d+$/;

/** The discriminator values of a family, for messages. */
function valuesOf(fam: Family): string {
  return [...fam.byValue.keys()].map((v) => JSON.stringify(v)).join(", ");
}

function isRecord(x: object): boolean {
  if (Array.isArray(x)) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

function messageOf(e: unknown): string {
  try {
    return e instanceof Error ? String(e.message) : formatValue(e);
  } catch {
    return formatValue(e);
  }
}

/** Placement still to come: a model, Map or Set of the iterative walk is placed when it is complete. */
const LATER: unique symbol = Symbol("decorum.later");

/** A node of the iterative walk that finishes after its children (a model, a Map, a Set). */
class Frame {
  /** Children in document order (their `mark`s cut the issues into per-child runs). */
  readonly children: Job[] = [];
  /** Model: child job by key. Map / Set: the values by index. */
  readonly byKey = new Map<PathSegment, Job>();
  readonly values: unknown[] = [];
  /** Issues of the children, taken out while the model writes its fields (re-added field by field, in order). */
  moved: Issue[] = [];
  constructor(
    readonly kind: "model" | "map" | "set",
    readonly job: Job,
    /** The path length of the node itself. */
    readonly pathLength: number,
    /** `issues.length` once the node was entered. */
    readonly before: number,
    readonly value: object,
    readonly mc: ModelCodec | undefined,
    readonly data: Record<string, unknown> | undefined,
  ) {}
}

/** A node waiting for the iterative walk. */
interface Job {
  readonly raw: unknown;
  readonly key: PathSegment;
  /** A "value" segment between the parent and `key` (tagged containers, codecs). */
  readonly inValue: boolean;
  /** Path length of the parent; -1 for the root of a walk. */
  readonly base: number;
  readonly depth: number;
  readonly into: Record<PathSegment, unknown> | unknown[] | Frame;
  /** `issues.length` when the job started. */
  mark: number;
  /** Model children: the decoded value; `used` once a field took it. */
  result: unknown;
  used: boolean;
  /** A finishing step (a model, Map or Set whose children are done). */
  readonly exit: Frame | undefined;
  /** A Map entry that is not a [key, value] pair: reported in its turn. */
  readonly badPair: boolean;
}

function job(
  raw: unknown,
  key: PathSegment,
  base: number,
  depth: number,
  into: Job["into"],
  inValue = false,
  exit: Frame | undefined = undefined,
  badPair = false,
): Job {
  return { raw, key, inValue, base, depth, into, mark: 0, result: undefined, used: false, exit, badPair };
}

/** Decodes a wire tree; collects issues. */
export class Decoder implements DecodeContext, DecoderApi {
  /** Path from the root to the node being decoded. */
  readonly keys: PathSegment[] = [];
  /** Issues so far (a fresh array for each call that reported any: the error keeps the old one). */
  issues: Issue[] = [];
  /** Nesting depth of the node being decoded (compiled model readers step it around a field's direct read). */
  depth = 0;
  private ids: Map<number, unknown> | undefined;
  private pendingId: number | undefined;
  private full = false;
  /** Recursion stops here: `maxDepth`, or the depth where the iterative walk takes over (0 while it runs). */
  private limit: number;
  /** The model whose fields are being written by the iterative walk (its children are decoded already). */
  private finishing: Frame | undefined;
  /** While an untagged object's model writes its fields: its unknown keys were handled already (strict models skip their check). */
  untaggedModel = false;
  /** Nodes the typing pass of the iterative walk made (already spelled with tags: not typed again). */
  private spelledNodes: WeakSet<object> | undefined;
  /** The data {@link Decoder.create} read its model from (after migrations): read right after the call. */
  private madeData: Record<string, unknown> = NO_DATA;
  /** How this call puts the keys of the plain objects it builds (see {@link KeyGuard}). */
  private readonly guard = new KeyGuard();

  /** The model expectation {@link Decoder.typedModel} read last and its site (the same entry `modelSites` holds). */
  private lastModelEx: object | undefined = undefined;
  private lastModelSite: ModelSite | undefined = undefined;

  /** The recursion limit of this call: `depthSettings.decode`, or `depthSettings.recursive` once the stack ran out. */
  private recursive: number;

  constructor(
    private readonly lookup: Lookup,
    private maxDepth: number,
    private maxIssues: number,
    /** Typed input: what an untagged object read as a model does with keys that are not fields (the call's option). */
    private unknownKeyMode: UnknownKeys | undefined = undefined,
  ) {
    this.recursive = Math.min(maxDepth, depthSettings.decode);
    this.limit = this.recursive;
  }

  /**
   * Makes a used decoder new again for another call (the registry keeps one
   * spare decoder, so a call allocates no decoder state of its own). Drops
   * every reference to the previous call's values.
   */
  reset(maxDepth: number, maxIssues: number, unknownKeyMode: UnknownKeys | undefined): void {
    this.maxDepth = maxDepth;
    this.maxIssues = maxIssues;
    this.unknownKeyMode = unknownKeyMode;
    const recursive = depthSettings.decode;
    this.recursive = Math.min(maxDepth, recursive);
    this.restart();
  }

  /** Back to the state before the first node, with the current limits. */
  private restart(): void {
    if (this.keys.length !== 0) this.keys.length = 0;
    if (this.issues.length !== 0) this.issues = [];
    this.depth = 0;
    this.ids = undefined;
    this.pendingId = undefined;
    this.full = false;
    this.limit = this.recursive;
    this.finishing = undefined;
    this.untaggedModel = false;
    this.spelledNodes = undefined;
    this.madeData = NO_DATA;
    this.guard.reset();
  }

  /** After a call: drops the references to its values (the `$id` table, the last model's data), keeps the limits. */
  release(): void {
    if (this.keys.length !== 0) this.keys.length = 0;
    if (this.issues.length !== 0) this.issues = [];
    this.ids = undefined;
    this.spelledNodes = undefined;
    this.madeData = NO_DATA;
  }

  /**
   * Decodes a document's root (see {@link Decoder.root}). The first
   * `depthSettings.decode` levels recurse; should the call stack run out
   * before (a cold decoder's large frames, a caller deep in its own
   * recursion), the document is decoded again from the start with the
   * iterative walk taking over after `depthSettings.recursive` levels, so the
   * result never depends on how much stack was left. Only a stack too short
   * for those first levels (or for deeply nested custom codecs) still throws
   * the RangeError, which the registry reports as a `depth` issue.
   */
  run(raw: unknown, ex: Expect): unknown {
    try {
      return this.root(raw, ex);
    } catch (e) {
      const shallow = Math.min(this.maxDepth, depthSettings.recursive);
      if (!isStackOverflow(e) || this.recursive <= shallow) throw e;
      this.recursive = shallow;
      this.restart();
      return this.root(raw, ex);
    }
  }

  get path(): readonly PathSegment[] {
    return this.keys.slice();
  }

  /** `true` once `maxIssues` issues were collected: decoding stops early. */
  get stopped(): boolean {
    return this.full;
  }

  decode(payload: unknown, key: PathSegment | readonly PathSegment[]): unknown {
    if (!Array.isArray(key)) return this.child(payload, key as PathSegment);
    const keys = key as readonly PathSegment[];
    if (keys.length === 0)
      return typeof payload === "object" && payload !== null ? this.decodeObject(payload) : this.decodePrimitive(payload, undefined);
    return underSegments(this.keys, keys, (last) => this.child(payload, last));
  }

  issue(i: CodecIssue): void {
    const { key, ...rest } = i;
    const at = key === undefined ? [] : Array.isArray(key) ? (key as readonly PathSegment[]) : [key as PathSegment];
    this.report([...this.keys, ...at], rest);
  }

  /** Records an issue at `path`. */
  report(path: PathSegment[], i: Omit<Issue, "path">): void {
    if (this.full) return;
    if (this.issues.length >= this.maxIssues) {
      this.full = true;
      this.issues.push({ path: [], code: "too-many-issues", message: `stopped after ${this.maxIssues} issues (the maxIssues option)` });
      return;
    }
    this.issues.push({ ...i, path });
  }

  /** The payload of a wrapped `"object"` / `"array"` node if it has that shape; else an issue and INVALID (both walks use it). */
  private wrapped(o: Record<string, unknown>, t: "object" | "array"): unknown {
    const v = this.payload(o, t);
    if (v === INVALID) return INVALID;
    const ok = t === "array" ? Array.isArray(v) : v !== null && typeof v === "object" && !Array.isArray(v);
    if (ok) return v;
    this.issueAt("value", { code: "payload", message: `expected ${t === "array" ? "an array" : "an object"}`, received: v });
    return INVALID;
  }

  private issueAt(key: PathSegment | undefined, i: Omit<Issue, "path">, below?: readonly PathSegment[]): void {
    const path = key === undefined ? this.keys.slice() : [...this.keys, key];
    if (below !== undefined) path.push(...below);
    this.report(path, i);
  }

  resolveFunction(name: string, key: PathSegment): Function | undefined {
    const fn = typeof name === "string" ? this.lookup.resolveFunction(name) : undefined;
    if (fn === undefined)
      this.issueAt(key, { code: "unknown-function", message: `no function is registered under ${formatValue(name)}`, received: name });
    return fn;
  }

  bind(value: object): void {
    if (this.pendingId !== undefined && this.ids) {
      this.ids.set(this.pendingId, value);
      this.pendingId = undefined;
    }
  }

  /** Decodes the root node; with `ex` (the class given to `deserialize`), read as that type where it is untagged. */
  root(raw: unknown, ex?: Expect): unknown {
    if (ex !== undefined) {
      if (typeof raw !== "object" || raw === null) return this.typedPrimitive(raw, ex, undefined);
      if (ex.k === "model") {
        // A tagged root (what toPlain and a Channel write) is read by its tag: straight to decodeObject, where
        // typedObj sends it after the untagged attempt (measured: that detour was a third of a small message's decode).
        let tagged = false;
        try {
          tagged =
            !Array.isArray(raw) && ((raw as { $type?: unknown }).$type !== undefined || "$type" in raw) && Object.hasOwn(raw, "$type");
        } catch {
          // An exotic object: the untagged attempt below reads it again and reports what it throws.
        }
        if (tagged && this.depth < this.limit) return this.decodeObject(raw);
        const v = this.untagged(raw, ex, undefined);
        if (!isGeneric(v)) return v;
      }
      return this.typedObj(raw, ex);
    }
    return typeof raw === "object" && raw !== null ? this.rootObject(raw) : this.decodePrimitive(raw, undefined);
  }

  /**
   * An untyped root object: {@link Decoder.decodeObject}'s steps in its own function, with the
   * usual tagged root (an own `"$type"` naming a model) read without the dispatch of
   * {@link Decoder.tagged}: the dispatch cost a tagged message a tenth of its decoding time
   * (the shared walk's property reads and comparisons see every kind of node).
   */
  private rootObject(raw: object): unknown {
    if (this.full || this.depth >= this.limit) return this.decodeObject(raw);
    const depth = ++this.depth;
    try {
      if (Array.isArray(raw)) return this.array(raw);
      const proto = Object.getPrototypeOf(raw);
      if (proto !== Object.prototype && proto !== null) return this.notJson(raw);
      const o = raw as Record<string, unknown>;
      const t = o.$type;
      if (t === undefined || !Object.hasOwn(o, "$type")) return this.plain(o, undefined);
      if (typeof t === "string" && t !== "ref" && t !== "object" && t !== "array") {
        const h = this.lookup.byName(t);
        if (h?.model !== undefined) return this.model(o, h.model);
      }
      return this.tagged(o, t);
    } catch (e) {
      return this.foreign(e, undefined);
    } finally {
      this.depth = depth - 1;
    }
  }

  // ---- Typed input: a value in a position whose declared type settles what an untagged value is ----

  /** A JSON primitive in a position declared `ex`: an ISO string as a Date, a decimal string as a bigint, a codec's payload. */
  private typedPrimitive(raw: unknown, ex: Expect, key: PathSegment | undefined): unknown {
    if (ex !== undefined) {
      switch (ex.k) {
        case "date":
          if (typeof raw === "string") {
            const t = parseIsoDate(raw);
            if (t - t === 0) return new Date(t);
            this.issueAt(key, {
              code: "date",
              message: "expected a valid ISO 8601 / RFC 3339 date string",
              expected: "Date",
              received: raw,
            });
            return INVALID;
          }
          break;
        case "bigint":
          if (typeof raw === "string") {
            if (INTEGER.test(raw)) return BigInt(raw);
            this.issueAt(key, { code: "type", message: "expected an integer (a decimal string)", expected: "bigint", received: raw });
            return INVALID;
          }
          if (typeof raw === "number") {
            if (Number.isSafeInteger(raw)) return BigInt(raw);
            this.issueAt(key, {
              code: "type",
              message: bigintNumberMessage(raw),
              expected: "bigint",
              received: raw,
            });
            return INVALID;
          }
          break;
        case "codec":
          if (raw !== null && raw !== undefined) {
            if (key !== undefined) this.keys.push(key);
            const out = this.payloadOf(raw, ex.codec, undefined);
            if (key !== undefined) this.keys.pop();
            return out;
          }
          break;
      }
    }
    return this.decodePrimitive(raw, key);
  }

  /** An object or array in a position declared `ex` (the path is at the value). */
  private typedObj(raw: object, ex: Expect): unknown {
    if (ex === undefined || this.full) return this.decodeObject(raw);
    if (this.depth + 1 > this.limit) return this.pretyped(raw, ex);
    // `Object.hasOwn(raw, "$type")`, decided by an inline-cached read and `in` where the key is absent (most objects).
    const tagged =
      !Array.isArray(raw) && ((raw as { $type?: unknown }).$type !== undefined || "$type" in raw) && Object.hasOwn(raw, "$type");
    switch (ex.k) {
      case "array": {
        if (!Array.isArray(raw)) break;
        const elem = ex.elem === undefined ? undefined : this.elemOf(ex);
        if (elem === undefined) break;
        const depth = ++this.depth;
        try {
          const n = raw.length;
          const out: unknown[] = new Array(n);
          for (let i = 0; i < n; i++) out[i] = this.typedChild(raw[i], elem, i);
          return out;
        } catch (e) {
          return this.foreign(e, undefined);
        } finally {
          this.depth = depth - 1;
        }
      }
      case "set":
      case "map": {
        let list: unknown;
        let inValue = false;
        let id: number | undefined;
        if (Array.isArray(raw)) list = raw;
        else if (!tagged) {
          if (ex.k === "set" || !isRecord(raw)) break;
          const depth = ++this.depth;
          try {
            return this.objectMap(raw as Record<string, unknown>, ex.of);
          } catch (e) {
            return this.foreign(e, undefined);
          } finally {
            this.depth = depth - 1;
          }
        } else if (ex.of !== undefined && (raw as { $type?: unknown }).$type === (ex.k === "map" ? "Map" : "Set")) {
          // A tagged Map / Set where element types are declared: its elements are read along them.
          const o = raw as Record<string, unknown>;
          if (!Array.isArray(o.value) || !Object.hasOwn(o, "value")) break;
          const got = this.idOf(o);
          if (got === INVALID) return INVALID;
          id = got;
          list = o.value;
          inValue = true;
        } else break;
        const depth = ++this.depth;
        try {
          return ex.k === "map" ? this.pairs(list as unknown[], ex.of, inValue, id) : this.elements(list as unknown[], ex.of, inValue, id);
        } catch (e) {
          return this.foreign(e, undefined);
        } finally {
          this.depth = depth - 1;
        }
      }
      case "model": {
        if (tagged || !isRecord(raw)) break;
        const depth = ++this.depth;
        try {
          return this.typedModel(raw as Record<string, unknown>, ex);
        } catch (e) {
          return this.foreign(e, undefined);
        } finally {
          this.depth = depth - 1;
        }
      }
      case "codec": {
        if (tagged) break;
        const depth = ++this.depth;
        try {
          return this.payloadOf(raw, ex.codec, undefined);
        } catch (e) {
          return this.foreign(e, undefined);
        } finally {
          this.depth = depth - 1;
        }
      }
    }
    return this.decodeObject(raw);
  }

  /** The element expectation of an array expectation (cached: the registry makes new expectations when it changes). */
  private elemOf(ex: { readonly k: "array"; readonly elem: unknown }): Expect {
    let e = elemExpects.get(ex);
    if (e === undefined && !elemExpects.has(ex)) {
      e = expectOf(ex.elem as never, this.lookup.plain);
      elemExpects.set(ex, e);
    }
    return e;
  }

  /** A nested value in a position declared `ex`. */
  private typedChild(x: unknown, ex: Expect, key: PathSegment): unknown {
    if (typeof x === "object" && x !== null) {
      if (ex !== undefined && ex.k === "model") {
        const v = this.untagged(x, ex, key);
        if (!isGeneric(v)) return v;
      }
      this.keys.push(key);
      const out = this.typedObj(x, ex);
      this.keys.pop();
      return out;
    }
    return ex === undefined ? this.decodePrimitive(x, key) : this.typedPrimitive(x, ex, key);
  }

  /** A key, value or element of a Map / Set, read along its declared type and checked against it. */
  private typedElement(x: unknown, ex: Expect, check: TypeCheck | undefined, key: PathSegment): unknown {
    const v = this.typedChild(x, ex, key);
    if (check === undefined || isInvalid(v) || this.valueOk(check, v, key, [])) return v;
    return INVALID;
  }

  /** Past the recursion limit: the untagged parts are spelled as tags first (an iterative pass), then the iterative walk reads them. */
  private pretyped(raw: object, ex: NonNullable<Expect>): unknown {
    const side: Issue[] = [];
    this.spelledNodes ??= new WeakSet();
    const typed = typeInput(raw, ex, this.lookup.plain, this.unknownKeyMode, side, this.lookup.expect, this.keys, this.spelledNodes);
    const out = typeof typed === "object" && typed !== null ? this.decodeObject(typed) : this.decodePrimitive(typed, undefined);
    for (const i of side) this.report(i.path.slice(), i);
    return side.length > 0 ? INVALID : out;
  }

  /** A Map given as an object (string keys). */
  private objectMap(o: Record<string, unknown>, of: readonly unknown[] | undefined): unknown {
    const ke = of === undefined ? undefined : expectOf(of[0] as never, this.lookup.plain);
    if (ke !== undefined && ke.k !== "string") {
      this.issueAt(undefined, objectKeysIssue(o));
      return INVALID;
    }
    const ve = of === undefined ? undefined : expectOf(of[1] as never, this.lookup.plain);
    const vc = of === undefined ? undefined : typeCheck(of[1] as never);
    // Values of no declared type: a JSON primitive is taken as it is (what typedElement returns for one, without the calls).
    const any = ve === undefined && vc === undefined;
    const before = this.issues.length;
    const m = new Map<unknown, unknown>();
    for (const k of Object.keys(o)) {
      let x: unknown;
      try {
        x = o[k];
      } catch (e) {
        this.foreign(e, k);
        continue;
      }
      m.set(k, any && (typeof x === "string" || typeof x === "number" || typeof x === "boolean") ? x : this.typedElement(x, ve, vc, k));
    }
    return this.issues.length !== before ? INVALID : m;
  }

  /** A Map's `[key, value]` pairs (under `"value"` when tagged), keys and values read along `of`. */
  private pairs(list: unknown[], of: readonly unknown[] | undefined, inValue: boolean, id: number | undefined): unknown {
    const ke = of === undefined ? undefined : expectOf(of[0] as never, this.lookup.plain);
    const ve = of === undefined ? undefined : expectOf(of[1] as never, this.lookup.plain);
    const kc = of === undefined ? undefined : typeCheck(of[0] as never);
    const vc = of === undefined ? undefined : typeCheck(of[1] as never);
    const before = this.issues.length;
    const m = new Map<unknown, unknown>();
    if (id !== undefined) this.setId(id, m);
    if (inValue) this.keys.push("value");
    const got: unknown[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (!Array.isArray(p) || p.length !== 2) {
        this.issueAt(i, { code: "payload", message: "expected a [key, value] pair", expected: "[key, value]", received: p });
        continue;
      }
      this.keys.push(i);
      this.depth++;
      got[i] = [this.typedElement(p[0], ke, kc, 0), this.typedElement(p[1], ve, vc, 1)];
      this.depth--;
      this.keys.pop();
    }
    // Filled once every entry is read (as the Map codec does), so duplicates are reported after the entries' own issues.
    for (let i = 0; i < got.length; i++) {
      const pair = got[i] as unknown[] | undefined;
      if (pair === undefined) continue;
      if (!isInvalid(pair[0]) && m.has(pair[0]))
        this.issueAt(i, { code: "duplicate", message: "key appears twice", received: pair[0] }, [0]);
      else m.set(pair[0], pair[1]);
    }
    if (inValue) this.keys.pop();
    return this.issues.length !== before ? INVALID : m;
  }

  /** A Set's elements (under `"value"` when tagged), read along `of`. */
  private elements(list: unknown[], of: unknown, inValue: boolean, id: number | undefined): unknown {
    const ee = of === undefined ? undefined : expectOf(of as never, this.lookup.plain);
    const ec = of === undefined ? undefined : typeCheck(of as never);
    const before = this.issues.length;
    const s = new Set<unknown>();
    if (id !== undefined) this.setId(id, s);
    if (inValue) this.keys.push("value");
    const got: unknown[] = new Array(list.length);
    // Elements of no declared type: a JSON primitive is taken as it is (what typedElement returns for one, without the calls).
    const any = ee === undefined && ec === undefined;
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      got[i] = any && (typeof x === "string" || typeof x === "number" || typeof x === "boolean") ? x : this.typedElement(x, ee, ec, i);
    }
    for (let i = 0; i < got.length; i++) {
      const v = got[i];
      if (!isInvalid(v) && s.has(v)) this.issueAt(i, { code: "duplicate", message: "element appears twice", received: v });
      else s.add(v);
    }
    if (inValue) this.keys.pop();
    return this.issues.length !== before ? INVALID : s;
  }

  /** An untagged object where a model is declared: the model (or the subclass its discriminator names). */
  private typedModel(raw: Record<string, unknown>, ex: { readonly k: "model"; readonly ctor: Function }): unknown {
    // The last expectation's site first: a document of one model, or a run of the same model (a chain, an array), looks up nothing.
    const site = ex === this.lastModelEx ? (this.lastModelSite as ModelSite) : siteOf(this.lookup, ex);
    this.lastModelEx = ex;
    this.lastModelSite = site;
    const fam = site.fam;
    const ctor = ex.ctor;
    if (fam === undefined) return this.decodeObject(raw);
    let plan = fam.self;
    const key = fam.key;
    const values = valuesOf;
    if (key !== undefined && Object.hasOwn(raw, key)) {
      const value = raw[key];
      plan = typeof value === "string" ? fam.byValue.get(value) : undefined;
      if (plan === undefined) {
        this.issueAt(key, {
          code: "discriminator",
          message: `unknown ${JSON.stringify(key)} of ${ctor.name || "the model"}: expected one of ${values(fam)}`,
          expected: [...fam.byValue.keys()].join(" | "),
          received: value,
        });
        return INVALID;
      }
    } else if (fam.polymorphic || plan === undefined) {
      const name = ctor.name || "the class";
      if (key !== undefined)
        this.issueAt(key, {
          code: "discriminator",
          message: `missing discriminator: ${name} has registered subclasses, the ${JSON.stringify(key)} key says which (one of ${values(fam)})`,
          expected: [...fam.byValue.keys()].join(" | "),
        });
      else
        this.issueAt(undefined, {
          code: "discriminator",
          message: `${name} has registered subclasses (${fam.names.join(", ")}): an untagged object in its place needs a "$type" tag, or a discriminator declared on the base model with @model({ discriminator: "kind" })`,
          expected: ctor.name || "a model",
          received: raw,
        });
      return INVALID;
    }
    const mc = plan === fam.self && site.self !== undefined ? site.self : ((this.lookup.byName(plan.name) as Handler).model as ModelCodec);
    const mode = unknownKeyMode(plan, this.unknownKeyMode);
    let data = raw;
    const fields = plan.mode === "fields";
    const before = this.issues.length;
    if (!fields || mode === "reject" || key !== undefined) {
      // An object of another version holds that version's keys: migrated first, so the migration reads
      // them all and only what this version does not know is dropped or refused. Its "$id" is kept.
      let src = raw;
      if (Object.hasOwn(raw, "$version")) {
        const migrated = this.migrated(raw, plan);
        if (migrated === INVALID) return INVALID;
        if (migrated !== raw) {
          src = migrated;
          if (Object.hasOwn(raw, "$id")) setKey(migrated, "$id", raw.$id);
        }
      }
      // Keys that are not fields never reach the instance: dropped, or refused one by one.
      data = {};
      const srcKeys = Object.keys(src);
      const fast = this.guard.fast(srcKeys.length);
      for (const k of srcKeys) {
        if (k === key) continue;
        const known = fields
          ? plan.wireNames.has(k) || k === "$version" || k === "$id"
          : k === "$version" ||
            (!k.startsWith("$") &&
              k !== "__proto__" &&
              k !== "constructor" &&
              (plan.descriptorKeys.includes(k) || plan.freshKeys().has(k)));
        if (known) putKey(data, k, src[k], fast);
        else if (mode === "reject")
          this.issueAt(k, {
            code: "unknown-key",
            message: `${plan.name} has no field ${JSON.stringify(k)} (unknownKeys: "reject")`,
            received: src[k],
          });
      }
    }
    const inst = this.create(data, mc, true);
    if (inst === INVALID) return INVALID;
    return this.fill(this.madeData, inst, mc, before, true);
  }

  /** Decodes a nested node found under `key`. */
  child(raw: unknown, key: PathSegment): unknown {
    if (typeof raw === "object" && raw !== null) {
      this.keys.push(key);
      const out = this.decodeObject(raw);
      this.keys.pop();
      return out;
    }
    return this.decodePrimitive(raw, key);
  }

  private decodePrimitive(raw: unknown, key: PathSegment | undefined): unknown {
    switch (typeof raw) {
      case "string":
      case "number":
      case "boolean":
        return raw;
      case "object":
        return null;
      default:
        this.issueAt(key, { code: "json", message: `not a JSON value: ${formatValue(raw)}`, received: raw });
        return INVALID;
    }
  }

  private decodeObject(raw: object): unknown {
    if (this.full) return INVALID;
    const depth = ++this.depth;
    try {
      if (depth > this.limit) return this.deeper(raw, depth);
      if (Array.isArray(raw)) return this.array(raw);
      const proto = Object.getPrototypeOf(raw);
      if (proto !== Object.prototype && proto !== null) return this.notJson(raw);
      const o = raw as Record<string, unknown>;
      const t = o.$type;
      if (t === undefined || !Object.hasOwn(o, "$type")) return this.plain(o, undefined);
      return this.tagged(o, t);
    } catch (e) {
      return this.foreign(e, undefined);
    } finally {
      this.depth = depth - 1;
    }
  }

  /** An untagged array's elements. */
  private array(raw: unknown[]): unknown[] {
    const n = raw.length;
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const x = raw[i];
      out[i] = typeof x === "string" || typeof x === "number" || typeof x === "boolean" ? x : this.child(x, i);
    }
    return out;
  }

  /** An object of another prototype than a JSON object's: the issues of a {@link Poison}, else not a JSON value. */
  private notJson(raw: object): typeof INVALID {
    if (raw instanceof Poison) return this.poisoned(raw);
    this.issueAt(undefined, { code: "json", message: `not a JSON value: ${formatValue(raw)}`, received: raw });
    return INVALID;
  }

  /** A value typed plain input could not read: its issues (paths from the root), in document order. */
  private poisoned(p: Poison): typeof INVALID {
    for (const i of p.issues) this.report(i.path.slice(), i);
    return INVALID;
  }

  /**
   * An exception from reading the input itself (a getter, a Proxy trap, an
   * exotic object given to `fromPlain`): an issue at its path, never a
   * foreign exception out of `deserialize`.
   */
  foreign(e: unknown, key: PathSegment | undefined): typeof INVALID {
    if (isStackOverflow(e)) throw e;
    this.issueAt(key, { code: "json", message: `reading the input failed: ${messageOf(e)}` });
    return INVALID;
  }

  /** Decodes a plain object's keys (no tag interpretation at this level). */
  private plain(o: Record<string, unknown>, id: number | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (id !== undefined) this.setId(id, out);
    const keys = Object.keys(o);
    const fast = this.guard.fast(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      let x: unknown;
      try {
        x = o[k];
      } catch (e) {
        this.foreign(e, k);
        continue;
      }
      const v = typeof x === "string" || typeof x === "number" || typeof x === "boolean" ? x : this.child(x, k);
      putKey(out, k, v, fast);
    }
    return out;
  }

  private idOf(o: Record<string, unknown>): number | undefined | typeof INVALID {
    const id = o.$id;
    if (id === undefined || !Object.hasOwn(o, "$id")) return undefined;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) {
      this.issueAt("$id", { code: "ref", message: "$id must be a non-negative integer", received: id });
      return INVALID;
    }
    this.ids ??= new Map();
    if (this.ids.has(id)) {
      this.issueAt("$id", { code: "ref", message: `duplicate $id ${id}`, received: id });
      return INVALID;
    }
    this.ids.set(id, PENDING);
    return id;
  }

  private setId(id: number, value: unknown): void {
    (this.ids as Map<number, unknown>).set(id, value);
  }

  private payload(o: Record<string, unknown>, tag: string): unknown {
    if (!Object.hasOwn(o, "value")) {
      this.issueAt(undefined, { code: "payload", message: `${tag} needs a "value" key` });
      return INVALID;
    }
    return o.value;
  }

  private tagged(o: Record<string, unknown>, t: unknown): unknown {
    if (typeof t !== "string") {
      this.issueAt("$type", { code: "tag", message: "$type must be a string", received: t });
      return INVALID;
    }
    switch (t) {
      case "ref": {
        const n = this.payload(o, "ref");
        if (n === INVALID) return INVALID;
        const target = typeof n === "number" ? this.ids?.get(n) : undefined;
        if (target === undefined || target === PENDING) {
          this.issueAt(undefined, {
            code: "ref",
            message:
              target === PENDING
                ? `reference to $id ${formatValue(n)}, which is still being built (a cycle through a value that cannot refer to itself)`
                : `reference to an unknown $id ${formatValue(n)} (a target must come before its references)`,
            received: n,
          });
          return INVALID;
        }
        return target;
      }
      case "object":
      case "array": {
        const id = this.idOf(o);
        if (id === INVALID) return INVALID;
        const v = this.wrapped(o, t);
        if (v === INVALID) return INVALID;
        if (t === "object") {
          this.keys.push("value");
          const out = this.plain(v as Record<string, unknown>, id);
          this.keys.pop();
          return out;
        }
        const out: unknown[] = [];
        if (id !== undefined) this.setId(id, out);
        const a = v as unknown[];
        this.keys.push("value");
        for (let i = 0; i < a.length; i++) out.push(this.child(a[i], i));
        this.keys.pop();
        return out;
      }
    }
    const h: Handler | undefined = this.lookup.byName(t);
    if (h === undefined) {
      this.issueAt("$type", { code: "unknown-type", message: "unknown type (not registered)", received: t });
      return INVALID;
    }
    return h.model ? this.model(o, h.model) : this.codec(o, h.codec, t);
  }

  private codec(o: Record<string, unknown>, codec: NonNullable<Handler["codec"]>, t: string): unknown {
    const id = this.idOf(o);
    if (id === INVALID) return INVALID;
    const payload = Object.hasOwn(o, "value") ? o.value : undefined;
    this.keys.push("value");
    try {
      return this.payloadOf(payload, codec, id, t);
    } finally {
      this.keys.pop();
    }
  }

  /** A codec's value from its payload (the path is at the payload; `id`: the wrapper's `$id`). */
  private payloadOf(payload: unknown, codec: NonNullable<Handler["codec"]>, id: number | undefined, t = codec.name): unknown {
    const before = this.issues.length;
    const saved = this.pendingId;
    this.pendingId = id;
    let out: unknown;
    try {
      out = codec.decode(payload, this);
    } catch (e) {
      this.caught(e, undefined, `${t}: `);
      return INVALID;
    } finally {
      this.pendingId = saved;
    }
    if (this.issues.length !== before) return INVALID;
    if (id !== undefined && this.ids?.get(id) === PENDING) this.setId(id, out);
    return out;
  }

  /** Turns an exception from user code (codec, setter, hook, migration) into issues. */
  private caught(e: unknown, key: PathSegment | undefined, prefix: string, code = "codec"): void {
    if (isStackOverflow(e)) throw e;
    if (e instanceof ValidationError || (e instanceof DecorumError && Array.isArray((e as { issues?: unknown }).issues))) {
      for (const i of (e as ValidationError).issues) this.report([...this.keys, ...(key === undefined ? [] : [key]), ...i.path], { ...i });
      return;
    }
    this.issueAt(key, { code, message: `${prefix}${messageOf(e)}` });
  }

  private migrated(o: Record<string, unknown>, plan: ModelPlan): Record<string, unknown> | typeof INVALID {
    const raw = o.$version !== undefined && Object.hasOwn(o, "$version") ? o.$version : undefined;
    if (plan.version === 0) {
      if (raw !== undefined && raw !== 1) {
        this.issueAt("$version", { code: "version", message: `${plan.name} is not versioned`, expected: "no $version", received: raw });
        return INVALID;
      }
      return o;
    }
    let v = raw === undefined ? 1 : raw;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
      this.issueAt("$version", { code: "version", message: "$version must be a positive integer", received: raw });
      return INVALID;
    }
    if (v > plan.version) {
      this.issueAt("$version", {
        code: "version",
        message: `written by version ${v} of ${plan.name}, newer than this code (version ${plan.version})`,
        expected: `<= ${plan.version}`,
        received: v,
      });
      return INVALID;
    }
    let data = o;
    while (v < plan.version) {
      const step = Object.hasOwn(plan.migrate, v) ? plan.migrate[v] : undefined;
      if (typeof step !== "function") {
        this.issueAt("$version", { code: "migrate", message: `no migration of ${plan.name} from version ${v} to ${v + 1}`, received: v });
        return INVALID;
      }
      const copy: Record<string, unknown> = {};
      for (const k of Object.keys(data)) if (!MODEL_META.has(k)) setKey(copy, k, data[k]);
      let next: unknown;
      try {
        next = step(copy);
      } catch (e) {
        this.caught(e, undefined, `migration of ${plan.name} from version ${v} failed: `, "migrate");
        return INVALID;
      }
      const p = next !== null && typeof next === "object" ? Object.getPrototypeOf(next) : undefined;
      if (p !== Object.prototype && p !== null) {
        this.issueAt(undefined, { code: "migrate", message: `migration of ${plan.name} from version ${v} did not return a plain object` });
        return INVALID;
      }
      data = next as Record<string, unknown>;
      v++;
    }
    return data;
  }

  private model(o: Record<string, unknown>, mc: ModelCodec): unknown {
    if (decodeShortcuts.tagged) {
      // The usual tagged model (no "$id", nothing to migrate) in one call: what create and fill do for it.
      const before = this.issues.length;
      const saved = this.untaggedModel;
      this.untaggedModel = false;
      let v: unknown;
      try {
        v = mc.read(o, this, true);
      } finally {
        this.untaggedModel = saved;
      }
      if (!isGeneric(v)) {
        if (isInvalid(v) || this.issues.length !== before) return INVALID;
        return mc.plan.afterDeserialize ? this.hooked(v as object, mc.plan) : v;
      }
    }
    const inst = this.create(o, mc);
    if (inst === INVALID) return INVALID;
    return this.fill(this.madeData, inst, mc, this.issues.length);
  }

  /** Version check, migration, construction and `$id` binding of a model: the instance; its (migrated) data in `madeData`. */
  private create(o: Record<string, unknown>, mc: ModelCodec, untagged = false): object | typeof INVALID {
    const plan = mc.plan;
    const id = this.idOf(o);
    if (id === INVALID) return INVALID;
    // An untagged object without "$version" is the current version (plain JSON carries none).
    // An unversioned model reads an object without a "$version" value as it is whether or not the key is its own
    // (`migrated` would return it too), so one property read decides; a versioned one asks whether the key is own.
    const current = plan.version === 0 ? o.$version === undefined : !Object.hasOwn(o, "$version");
    const data = untagged && current ? o : this.migrated(o, plan);
    if (data === INVALID) return INVALID;
    let inst: object;
    try {
      inst = plan.create();
    } catch (e) {
      this.constructFailed(e, plan);
      return INVALID;
    }
    if (inst === null || typeof inst !== "object") {
      this.notAnObject(plan);
      return INVALID;
    }
    if (id !== undefined) this.setId(id, inst);
    this.madeData = data;
    return inst;
  }

  /** A failed `plan.create()` as an issue (or the stack overflow rethrown). */
  constructFailed(e: unknown, plan: ModelPlan): void {
    const hint =
      !plan.hasFactory && plan.ctor.length > 0
        ? ` (deserialize runs new ${plan.ctor.name || "Class"}() without arguments; give @model a factory)`
        : "";
    this.caught(e, undefined, `constructing ${plan.name} failed${hint}: `, "construct");
  }

  /** A factory's result that is not an object, as an issue. */
  notAnObject(plan: ModelPlan): void {
    this.issueAt(undefined, { code: "construct", message: `the factory of ${plan.name} did not return an object` });
  }

  /** Writes the fields of a created model and runs its hook; `before`: issues before its fields were decoded. */
  private fill(data: Record<string, unknown>, inst: object, mc: ModelCodec, before: number, untagged = false): unknown {
    const saved = this.untaggedModel;
    // A model in a model of the same kind (a chain, a list of untagged models) has nothing to restore.
    if (saved === untagged) return this.fillFields(data, inst, mc, before);
    this.untaggedModel = untagged;
    try {
      return this.fillFields(data, inst, mc, before);
    } finally {
      this.untaggedModel = saved;
    }
  }

  private fillFields(data: Record<string, unknown>, inst: object, mc: ModelCodec, before: number): unknown {
    const plan = mc.plan;
    if (this.sealed(mc)) this.sealedFields(data, inst, mc.decodeFields);
    else mc.decodeFields(data, inst, this);
    if (this.issues.length !== before) return INVALID;
    return plan.afterDeserialize ? this.hooked(inst, plan) : inst;
  }

  /**
   * `true` when instances of `ctor` have readonly members, which accept
   * deserialize's writes only in the construction phase (classes without
   * them skip that bookkeeping). The answer for the last class is kept while
   * no member record changed: a run of one model asks once.
   */
  sealed(mc: ModelCodec): boolean {
    if (mc.sealVersion === recordVersion) return mc.sealOf;
    const seal = hasReadonlyMembers(mc.plan.ctor);
    mc.sealVersion = recordVersion;
    mc.sealOf = seal;
    return seal;
  }

  /** `decodeFields` of a new instance whose class has readonly members: in its construction phase, where they accept the writes. */
  sealedFields(data: Record<string, unknown>, inst: object, decodeFields: ModelCodec["decodeFields"]): void {
    if (!enterInitializing(inst)) {
      decodeFields(data, inst, this);
      return;
    }
    try {
      decodeFields(data, inst, this);
    } finally {
      exitInitializing(inst);
    }
  }

  /** Runs the model's `afterDeserialize` on its filled instance: the instance, or INVALID with the hook's issue. */
  hooked(inst: object, plan: ModelPlan): unknown {
    try {
      (plan.afterDeserialize as (instance: object) => void).call(inst, inst);
    } catch (e) {
      this.caught(e, undefined, `afterDeserialize of ${plan.name} failed: `, "hook");
      return INVALID;
    }
    return inst;
  }

  // ---- DecoderApi: called by compiled and interpreted model codecs ----

  fieldValue(f: FieldPlan, raw: unknown): unknown {
    const v = this.fieldUnchecked(f, raw);
    return isInvalid(v) ? INVALID : this.checked(f, v);
  }

  /** {@link Decoder.fieldValue} before the field's type check (compiled code inlines a class's `instanceof`, see `TypeCheck.cls`). */
  fieldUnchecked(f: FieldPlan, raw: unknown): unknown {
    let v: unknown;
    if (typeof raw === "object" && raw !== null) {
      if (this.finishing === undefined) {
        const ex = this.lookup.expect(f);
        // The usual object in a model field first (one frame per level of a chain instead of four).
        v = ex !== undefined && ex.k === "model" ? this.untagged(raw, ex, f.wire) : GENERIC;
        if (isGeneric(v)) v = this.fieldObject(f, raw, ex);
      } else {
        const done = this.decoded(f.wire);
        if (done !== undefined) {
          if (done.failed) return INVALID;
          v = done.value;
        } else v = this.fieldObject(f, raw, this.lookup.expect(f));
      }
      if (isInvalid(v)) return INVALID;
    } else {
      v = this.typedPrimitive(raw, this.lookup.expect(f), f.wire);
      if (isInvalid(v)) return INVALID;
    }
    return v;
  }

  /**
   * For compiled readers (see compile.ts `fieldLines`): the codec whose `read` {@link Decoder.untagged} would call for
   * `raw` in class field `f` — the usual untagged object of a model field — or `undefined` where `untagged` would
   * return GENERIC at once (then `fieldUnchecked` takes the value; nothing observable changed). The reader then does
   * what `untagged` does around that `read`, in its own frame: one call per level of a chain instead of three.
   */
  directModel(f: FieldPlan, raw: unknown): ModelCodec | undefined {
    // The tests of `fieldUnchecked`, then `untagged`'s, in their order.
    if (typeof raw !== "object" || raw === null || this.finishing !== undefined) return undefined;
    const ex = this.lookup.expect(f);
    return ex !== undefined && ex.k === "model" ? this.directCodec(raw, ex) : undefined;
  }

  /**
   * The codec whose `read` takes `raw`, the usual untagged object of the model `ex` expects, at once; `undefined`:
   * the general path reads it (a full issue list, the depth limit, an array, a strict model's unknown keys to reject).
   */
  private directCodec(raw: object, ex: { readonly k: "model"; readonly ctor: Function }): ModelCodec | undefined {
    if (this.full || this.depth >= this.limit || Array.isArray(raw) || !decodeShortcuts.untagged) return undefined;
    const site = ex === this.lastModelEx ? (this.lastModelSite as ModelSite) : siteOf(this.lookup, ex);
    const mc = site.direct;
    if (mc === undefined || unknownKeyMode(mc.plan, this.unknownKeyMode) === "reject") return undefined;
    if (ex !== this.lastModelEx) {
      this.lastModelEx = ex;
      this.lastModelSite = site;
    }
    return mc;
  }

  /** For compiled readers: what `fieldUnchecked` does when {@link Decoder.untagged} returned GENERIC for `raw` in field `f`. */
  genericField(f: FieldPlan, raw: object): unknown {
    const v = this.fieldObject(f, raw, this.lookup.expect(f));
    return isInvalid(v) ? INVALID : v;
  }

  /** A field's value its type check refused: the issue, INVALID. */
  notInstance(f: FieldPlan, v: unknown): typeof INVALID {
    return this.refused(f, f.check as TypeCheck, v);
  }

  private refused(f: FieldPlan, check: TypeCheck, v: unknown): typeof INVALID {
    this.issueAt(f.wire, { code: "type", message: `expected ${check.expected}`, expected: check.expected, received: v });
    return INVALID;
  }

  /** A field's object value (its declared type expects `ex`), decoded now (untagged where its declared type settles it). */
  private fieldObject(f: FieldPlan, raw: object, ex: Expect): unknown {
    const before = this.issues.length;
    this.keys.push(f.wire);
    const v = this.typedObj(raw, ex);
    this.keys.pop();
    return this.issues.length !== before ? INVALID : v;
  }

  /**
   * The usual object in a model position (a field or an array element,
   * under `key`) — a plain object without `"$type"`, `"$id"` or
   * `"$version"`, within the recursion limit, where the declared class has
   * no registered subclass and no discriminator and unknown keys are
   * dropped — decoded in one step: what {@link Decoder.typedObj},
   * {@link Decoder.typedModel}, {@link Decoder.create} and
   * {@link Decoder.fill} do for it, without their dispatch and in one frame
   * besides the model's own generated `read` (which tests the object,
   * constructs and fills the instance). `key` is the position's path segment
   * (`undefined` at the root). Anything else: `GENERIC`, before anything
   * changed (the caller takes the general path).
   */
  private untagged(raw: object, ex: { readonly k: "model"; readonly ctor: Function }, key: PathSegment | undefined): unknown {
    const mc = this.directCodec(raw, ex);
    if (mc === undefined) return GENERIC;
    const plan = mc.plan;
    const before = this.issues.length;
    if (key !== undefined) this.keys.push(key);
    const depth = ++this.depth;
    const saved = this.untaggedModel;
    this.untaggedModel = true;
    let v: unknown;
    try {
      // "$type", an exotic prototype, "$id" (bound by create) and "$version" (migrated by create): GENERIC, the general path.
      v = mc.read(raw, this, false);
      if (typeof v !== "symbol" && this.issues.length === before && plan.afterDeserialize) v = this.hooked(v as object, plan);
    } catch (e) {
      v = this.foreign(e, undefined);
    }
    // Not a `finally` (measured: 30 machine instructions per level of a chain): what escapes the catch is
    // a stack overflow, which ends the walk (`run` starts over from a reset decoder, or the call fails), and
    // every level restores absolute values, so an enclosing level that goes on is as before either way.
    this.depth = depth - 1;
    this.untaggedModel = saved;
    if (key !== undefined) this.keys.pop();
    return isGeneric(v) || this.issues.length === before ? v : INVALID;
  }

  /** The iterative walk decoded this key of the finishing model already: its issues come back now, in field order. */
  private decoded(key: PathSegment): { value: unknown; failed: boolean } | undefined {
    const frame = this.finishing as Frame;
    const j = frame.byKey.get(key);
    if (j === undefined || j.used) return undefined;
    j.used = true;
    const run = this.runOf(frame, j);
    for (const i of run) this.issues.push(i);
    return { value: j.result, failed: run.length > 0 || j.result === INVALID };
  }

  /** The issues the subtree of child `j` of `frame` produced. */
  private runOf(frame: Frame, j: Job): Issue[] {
    const at = frame.children.indexOf(j);
    const next = frame.children[at + 1];
    const start = j.mark - frame.before;
    const end = next === undefined ? frame.moved.length : next.mark - frame.before;
    return frame.moved.slice(start, end);
  }

  private checked(f: FieldPlan, v: unknown): unknown {
    const check = f.check;
    if (check === undefined || (f.optional && (v === null || v === undefined))) return v;
    if (!check.test(v)) return this.refused(f, check, v);
    const elem = check.elem;
    if (elem !== undefined && !this.elemsOk(elem, v as unknown[], f.wire)) return INVALID;
    const of = f.ofChecks;
    if (of !== undefined && !this.elementsOk(f, v, of)) return INVALID;
    return v;
  }

  /**
   * The elements of the array `a` checked against `elem`, and for `[[T]]` (`elem.elem`) their elements, to any
   * depth: issues at `[...keys, key, i, j, …]`; `true` when none. The path is built only for an issue or a
   * nested array, so the usual `[T]` is one loop of `elem.test`. The single element check of every read:
   * array fields, Map / Set element types ({@link Decoder.valueOk}), compiled and interpreted, text and plain.
   */
  private elemsOk(elem: TypeCheck, a: unknown[], key: PathSegment | undefined, below?: readonly PathSegment[]): boolean {
    let ok = true;
    const inner = elem.elem;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (!elem.test(x)) {
        ok = false;
        this.issueAt(
          key,
          { code: "type", message: `expected ${elem.expected}`, expected: elem.expected, received: x },
          below === undefined ? [i] : [...below, i],
        );
      } else if (inner !== undefined && !this.elemsOk(inner, x as unknown[], key, below === undefined ? [i] : [...below, i])) ok = false;
    }
    return ok;
  }

  /** `x` checked against `c` and, for `[T]`, its elements to any depth: issues at `[...keys, key, ...below]`; `true` when none. */
  private valueOk(c: TypeCheck, x: unknown, key: PathSegment | undefined, below: readonly PathSegment[]): boolean {
    if (!c.test(x)) {
      this.issueAt(key, { code: "type", message: `expected ${c.expected}`, expected: c.expected, received: x }, below);
      return false;
    }
    return c.elem === undefined || this.elemsOk(c.elem, x as unknown[], key, below);
  }

  /** Keys, values (Map) or elements (Set) checked against the declared element types; issues at `[field, key]` / `[field, i(, 0 | 1)]`. */
  private elementsOk(f: FieldPlan, v: unknown, of: ReadonlyArray<TypeCheck | undefined>): boolean {
    let ok = true;
    if (v instanceof Map) {
      const [kc, vc] = of;
      let named = true;
      for (const k of v.keys()) if (typeof k !== "string") named = false;
      let i = 0;
      for (const [k, x] of v) {
        if (kc !== undefined && !this.valueOk(kc, k, f.wire, [i, 0])) ok = false;
        if (vc !== undefined && !this.valueOk(vc, x, f.wire, named ? [k as string] : [i, 1])) ok = false;
        i++;
      }
    } else if (v instanceof Set) {
      const c = of[0];
      let i = 0;
      if (c !== undefined) for (const x of v) if (!this.valueOk(c, x, f.wire, [i++])) ok = false;
    }
    return ok;
  }

  missing(f: FieldPlan, instance: object): void {
    if (f.hasDefault) {
      const v = typeof f.default === "function" ? (f.default as () => unknown)() : f.default;
      try {
        (instance as Record<string, unknown>)[f.key] = v;
      } catch (e) {
        this.writeFailed(e, f);
      }
      return;
    }
    if (f.optional) return;
    this.issueAt(f.wire, {
      code: "required",
      message: "missing required field",
      ...(f.check ? { expected: f.check.expected } : {}),
    });
  }

  writeFailed(e: unknown, f: FieldPlan): void {
    if (isStackOverflow(e)) throw e;
    if (e instanceof ValidationError) {
      for (const i of e.issues) {
        const rest = i.path[0] === f.key ? i.path.slice(1) : i.path;
        this.report([...this.keys, f.wire, ...rest], { ...i });
      }
      return;
    }
    this.issueAt(f.wire, { code: "write", message: `writing ${f.key} failed: ${messageOf(e)}` });
  }

  unknownKeys(data: Record<string, unknown>, plan: ModelPlan): void {
    if (this.untaggedModel) return;
    for (const k of Object.keys(data)) {
      if (plan.wireNames.has(k) || MODEL_META.has(k)) continue;
      this.issueAt(k, { code: "unknown-key", message: `${plan.name} has no field ${JSON.stringify(k)} (strict model)`, received: data[k] });
    }
  }

  /** `"own"` mode: what happens to key `k` of the document: read, skipped, or refused with an issue. */
  private ownKey(k: string, inst: Record<string, unknown>, plan: ModelPlan): "read" | "skip" | "forbidden" | "unknown" | "strict" {
    if (MODEL_META.has(k)) return "skip";
    const known = plan.descriptorKeys.includes(k) || Object.hasOwn(inst, k);
    if (FORBIDDEN.has(k)) return "forbidden";
    if (!known && k in inst) return "unknown";
    if (k.startsWith("$") || plan.transient.has(k)) return plan.strict ? "unknown" : "skip";
    if (!known && plan.strict) return "strict";
    return "read";
  }

  /** `"own"` mode (a model without `@field`): own enumerable data and descriptor members. */
  decodeOwn(data: Record<string, unknown>, inst: Record<string, unknown>, plan: ModelPlan): void {
    for (const k of Object.keys(data)) {
      const what = this.ownKey(k, inst, plan);
      if (what === "skip") continue;
      if (what !== "read") {
        this.issueAt(k, {
          code: what === "forbidden" ? "forbidden-key" : "unknown-key",
          message: `${plan.name} has no data property ${JSON.stringify(k)}${what === "strict" ? " (strict model)" : ""}`,
          received: data[k],
        });
        continue;
      }
      const raw = data[k];
      let v: unknown;
      if (typeof raw === "object" && raw !== null) {
        const done = this.finishing === undefined ? undefined : this.decoded(k);
        if (done !== undefined) {
          if (done.failed) continue;
          v = done.value;
        } else {
          const before = this.issues.length;
          this.keys.push(k);
          v = this.decodeObject(raw);
          this.keys.pop();
          if (this.issues.length !== before) continue;
        }
      } else {
        v = this.decodePrimitive(raw, k);
        if (v === INVALID) continue;
      }
      try {
        inst[k] = v;
      } catch (e) {
        this.caught(e, undefined, `writing ${k} failed: `, "write");
      }
    }
  }

  // ---- The iterative walk (past the first `depthSettings.recursive` levels) ----

  /** Past the recursion limit: the nesting issue, or the iterative walk of this subtree. */
  private deeper(raw: object, depth: number): unknown {
    if (depth > this.maxDepth && !leafTag(raw)) {
      this.issueAt(undefined, { code: "depth", message: `nesting deeper than ${this.maxDepth} levels (the maxDepth option)` });
      return INVALID;
    }
    return this.drive(raw, depth);
  }

  /**
   * Decodes `root` (at `keys`, level `depth`) with a heap stack of jobs, in
   * the recursion's document order: containers and models are created when
   * reached (so `$id`s bind as they do recursively), a model writes its
   * fields once its children are done, and each child's issues are put back
   * in field order, so the issues match the recursive decoder's.
   */
  private drive(root: object, depth: number): unknown {
    const wasLimit = this.limit;
    const wasFinishing = this.finishing;
    const parentDepth = depth - 1;
    const rootLength = this.keys.length;
    this.limit = 0;
    this.finishing = undefined;
    const box: Record<PathSegment, unknown> = { v: undefined };
    const todo: Job[] = [job(root, "v", -1, depth, box)];
    try {
      while (todo.length > 0) {
        const j = todo.pop() as Job;
        if (j.exit !== undefined) {
          try {
            this.finish(j.exit);
          } catch (e) {
            place(j.exit.job, this.foreign(e, undefined));
          }
          continue;
        }
        if (j.base < 0) this.keys.length = rootLength;
        else {
          this.keys.length = j.base;
          if (j.inValue) this.keys.push("value");
          this.keys.push(j.key);
        }
        j.mark = this.issues.length;
        let v: unknown;
        if (j.badPair) {
          this.issueAt(undefined, { code: "payload", message: "expected a [key, value] pair", expected: "[key, value]", received: j.raw });
          v = INVALID;
        } else if (typeof j.raw === "object" && j.raw !== null) {
          try {
            v = this.enter(j.raw, j.depth, j, todo);
          } catch (e) {
            v = this.foreign(e, undefined);
          }
        } else v = this.decodePrimitive(j.raw, undefined);
        if (v !== LATER) place(j, v);
      }
    } finally {
      this.limit = wasLimit;
      this.finishing = wasFinishing;
    }
    this.keys.length = rootLength;
    this.depth = parentDepth;
    return box.v;
  }

  /** One node of the walk: `decodeObject` without recursion; nested nodes become jobs on `todo`. */
  private enter(raw: object, depth: number, self: Job, todo: Job[]): unknown {
    if (this.full) return INVALID;
    this.depth = depth;
    if (depth > this.maxDepth && !leafTag(raw)) {
      this.issueAt(undefined, { code: "depth", message: `nesting deeper than ${this.maxDepth} levels (the maxDepth option)` });
      return INVALID;
    }
    const base = this.keys.length;
    const kids: Job[] = [];
    const add = (x: unknown, key: PathSegment, into: Job["into"], inValue = false) => {
      kids.push(job(x, key, base, depth + 1, into, inValue));
    };
    let out: unknown;
    if (Array.isArray(raw)) out = this.enterArray(raw, [], false, add);
    else {
      const proto = Object.getPrototypeOf(raw);
      if (proto !== Object.prototype && proto !== null) {
        if (raw instanceof Poison) return this.poisoned(raw);
        this.issueAt(undefined, { code: "json", message: `not a JSON value: ${formatValue(raw)}`, received: raw });
        return INVALID;
      }
      const o = raw as Record<string, unknown>;
      const t = o.$type;
      if (t === undefined || !Object.hasOwn(o, "$type")) out = this.enterPlain(o, undefined, false, add);
      else if (t === "object" || t === "array") {
        const id = this.idOf(o);
        if (id === INVALID) return INVALID;
        const v = this.wrapped(o, t);
        if (v === INVALID) return INVALID;
        if (t === "array") {
          const a: unknown[] = [];
          if (id !== undefined) this.setId(id, a);
          out = this.enterArray(v as unknown[], a, true, add);
        } else out = this.enterPlain(v as Record<string, unknown>, id, true, add);
      } else {
        const h = typeof t === "string" ? this.lookup.byName(t) : undefined;
        const payload = h?.codec !== undefined && Object.hasOwn(o, "value") ? o.value : undefined;
        if (h?.model !== undefined) {
          const inst = this.create(o, h.model);
          if (inst === INVALID) return INVALID;
          const data = this.madeData;
          const frame = new Frame("model", self, base, this.issues.length, inst, h.model, data);
          this.enterModel(frame, data, inst as Record<string, unknown>, h.model.plan, add);
          return this.later(frame, kids, todo);
        }
        if ((h?.codec === MAP_CODEC || h?.codec === SET_CODEC) && Array.isArray(payload)) {
          const id = this.idOf(o);
          if (id === INVALID) return INVALID;
          const isMap = h.codec === MAP_CODEC;
          const value = isMap ? new Map() : new Set();
          if (id !== undefined) this.setId(id, value);
          const frame = new Frame(isMap ? "map" : "set", self, base, this.issues.length, value, undefined, undefined);
          for (let i = 0; i < payload.length; i++) {
            const x = payload[i];
            if (isMap && (!Array.isArray(x) || x.length !== 2)) kids.push(job(x, i, base, depth + 1, frame, true, undefined, true));
            else if (!isMap && (typeof x === "string" || typeof x === "number" || typeof x === "boolean" || x === null))
              frame.values[i] = x;
            else add(x, i, frame, true);
          }
          return this.later(frame, kids, todo);
        }
        // Other tags (ref, unknown types, custom codecs, malformed payloads): as when recursing.
        out = this.tagged(o, t);
      }
    }
    for (let i = kids.length - 1; i >= 0; i--) todo.push(kids[i] as Job);
    return out;
  }

  /** A node that finishes after its children: its exit job goes below them on `todo`. */
  private later(frame: Frame, kids: Job[], todo: Job[]): typeof LATER {
    for (const k of kids) {
      frame.children.push(k);
      if (frame.kind === "model") frame.byKey.set(k.key, k);
    }
    todo.push(job(undefined, "", -1, 0, frame, false, frame));
    for (let i = kids.length - 1; i >= 0; i--) todo.push(kids[i] as Job);
    return LATER;
  }

  private enterArray(
    a: unknown[],
    out: unknown[],
    inValue: boolean,
    add: (x: unknown, k: PathSegment, into: Job["into"], v?: boolean) => void,
  ): unknown[] {
    const n = a.length;
    out.length = n;
    for (let i = 0; i < n; i++) {
      const x = a[i];
      if (typeof x === "string" || typeof x === "number" || typeof x === "boolean") out[i] = x;
      else add(x, i, out, inValue);
    }
    return out;
  }

  private enterPlain(
    o: Record<string, unknown>,
    id: number | undefined,
    inValue: boolean,
    add: (x: unknown, k: PathSegment, into: Job["into"], v?: boolean) => void,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (id !== undefined) this.setId(id, out);
    if (inValue) this.keys.push("value");
    try {
      const keys = Object.keys(o);
      const fast = this.guard.fast(keys.length);
      for (const k of keys) {
        let x: unknown;
        try {
          x = o[k];
        } catch (e) {
          this.foreign(e, k);
          continue;
        }
        putKey(out, k, typeof x === "string" || typeof x === "number" || typeof x === "boolean" ? x : undefined, fast);
        if (!(typeof x === "string" || typeof x === "number" || typeof x === "boolean")) add(x, k, out, inValue);
      }
    } finally {
      if (inValue) this.keys.pop();
    }
    return out;
  }

  /** The children of a model: the object values its fields (or own-mode keys) will read. */
  private enterModel(
    frame: Frame,
    data: Record<string, unknown>,
    inst: Record<string, unknown>,
    plan: ModelPlan,
    add: (x: unknown, k: PathSegment, into: Job["into"]) => void,
  ): void {
    if (plan.mode === "fields") {
      for (const f of plan.inputs) {
        const raw = f.inheritedName ? (Object.hasOwn(data, f.wire) ? data[f.wire] : undefined) : data[f.wire];
        if (typeof raw === "object" && raw !== null) add(this.spelled(raw, f), f.wire, frame);
      }
      return;
    }
    for (const k of Object.keys(data)) {
      const raw = data[k];
      if (typeof raw === "object" && raw !== null && this.ownKey(k, inst, plan) === "read") add(raw, k, frame);
    }
  }

  /**
   * The iterative walk reads tagged trees: an untagged value in a typed field is spelled with tags first
   * (an iterative pass along the declared types; what it cannot read becomes a {@link Poison} at its place).
   */
  private spelled(raw: object, f: FieldPlan): unknown {
    const ex = this.lookup.expect(f);
    if (ex === undefined || this.spelledNodes?.has(raw)) return raw;
    try {
      if (!needsTyping(raw, ex, this.lookup.plain, this.lookup.expect)) return raw;
    } catch {
      // Reading the input threw: the typing pass reports it.
    }
    const side: Issue[] = [];
    this.keys.push(f.wire);
    this.spelledNodes ??= new WeakSet();
    const out = typeInput(raw, ex, this.lookup.plain, this.unknownKeyMode, side, this.lookup.expect, this.keys, this.spelledNodes);
    this.keys.pop();
    return side.length > 0 ? new Poison(side) : out;
  }

  /** A model, Map or Set whose children are done: fields written (issues back in order), hook run, value placed. */
  private finish(frame: Frame): void {
    this.keys.length = frame.pathLength;
    this.depth = frame.job.depth;
    let v: unknown;
    if (frame.kind === "model") {
      const mc = frame.mc as ModelCodec;
      frame.moved = this.issues.splice(frame.before);
      const saved = this.finishing;
      this.finishing = frame;
      try {
        v = this.fill(frame.data as Record<string, unknown>, frame.value, mc, frame.before);
      } finally {
        this.finishing = saved;
      }
      // Children no field asked for (a getter that changed its answer): their issues still count.
      for (const c of frame.children) if (!c.used) for (const i of this.runOf(frame, c)) this.issues.push(i);
      if (this.issues.length !== frame.before) v = INVALID;
    } else {
      const n = frame.values.length;
      // Duplicates are refused as by the Map and Set codecs (builtins.ts), with the same paths.
      if (frame.kind === "map") {
        const m = frame.value as Map<unknown, unknown>;
        for (let i = 0; i < n; i++) {
          const pair = frame.values[i];
          if (!Array.isArray(pair)) continue;
          if (pair[0] !== INVALID && m.has(pair[0]))
            this.issueAt(undefined, { code: "duplicate", message: "key appears twice", received: pair[0] }, ["value", i, 0]);
          else m.set(pair[0], pair[1]);
        }
      } else {
        const s = frame.value as Set<unknown>;
        for (let i = 0; i < n; i++) {
          const x = frame.values[i];
          if (x !== INVALID && s.has(x))
            this.issueAt(undefined, { code: "duplicate", message: "element appears twice", received: x }, ["value", i]);
          else s.add(x);
        }
      }
      v = this.issues.length !== frame.before ? INVALID : frame.value;
    }
    place(frame.job, v);
  }
}

/**
 * `{"$type":"undefined"}`, `{"$type":"number",…}`, `{"$type":"bigint",…}`:
 * how the writer spells a primitive, which is no level for `maxDepth` (the
 * encoder does not count it either), so a document written at the limit is
 * read at the same limit.
 */
function leafTag(raw: object): boolean {
  if (Array.isArray(raw) || !Object.hasOwn(raw, "$type")) return false;
  const t = (raw as { $type?: unknown }).$type;
  return t === "undefined" || t === "number" || t === "bigint";
}

/** Puts a finished node where its parent wants it. */
function place(j: Job, v: unknown): void {
  const into = j.into;
  if (into instanceof Frame) {
    if (into.kind === "model") j.result = v;
    else into.values[j.key as number] = v;
  } else if (Array.isArray(into)) into[j.key as number] = v;
  // An object's key is its own already (enterPlain's placeholder, or the box's "v"): a plain store is safe.
  else (into as Record<PathSegment, unknown>)[j.key] = v;
}
