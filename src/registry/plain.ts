/**
 * Plain JSON: the JSON other programs exchange, without `"$type"` tags.
 *
 * - {@link typeInput} (typed plain input) walks a parsed document along the
 *   declared types — the class given to `fromPlain(data, Class)`, then each
 *   field's `@field(...)` type — and spells every untagged value in a typed
 *   position the way the wire format does (an object in an `Addr` position
 *   gets `"$type": "Addr"`, an ISO string in a `Date` position becomes
 *   `{"$type":"Date","value":...}`, ...). The decoder then reads the result
 *   exactly as it reads a tagged document, with the same field checks,
 *   validators, hooks and issues (paths are those of the input). Tags that
 *   are present are kept, so tagged and mixed documents read as before.
 * - {@link untag} (plain output) turns the encoder's tagged tree into plain
 *   JSON along the same types, refusing (SerializeError with the path) what
 *   typed input could not read back.
 *
 * Both are iterative (a heap stack), so depth is bounded only by `maxDepth`
 * as for tagged documents, and both sit above the model codecs, so compiled
 * and interpreted codecs behave alike.
 *
 * @module
 */
import { formatValue, type Issue, type PathSegment, SerializeError } from "../errors.js";
import type { Codec } from "./codec.js";
import { parseIsoDate } from "./codecs/builtins.js";
import { isStackOverflow } from "./depth.js";
import type { FieldType } from "./field.js";
import { KeyGuard, putKey, setKey } from "./path.js";
import { type FieldPlan, type ModelPlan, unknownKeyMode } from "./plan.js";

/** What typed plain input does with keys of an untagged object that are not fields of its model. */
export type UnknownKeys = "strip" | "reject";

/** The registered models of a position typed with a class: the class and its registered subclasses. */
export interface Family {
  /** The plan of the class itself, when it is a registered model. */
  readonly self: ModelPlan | undefined;
  /** `true` when registered subclasses exist: an untagged object needs the discriminator. */
  readonly polymorphic: boolean;
  /** The discriminator key of the hierarchy, if one is declared. */
  readonly key: string | undefined;
  /** Discriminator value -> model, for every registered model of the family. */
  readonly byValue: ReadonlyMap<string, ModelPlan>;
  /** Registered names of the family, for messages. */
  readonly names: readonly string[];
}

/** The registry seen from the plain JSON passes. */
export interface PlainLookup {
  /** The plan of the model registered under `name`. */
  planByName(name: string): ModelPlan | undefined;
  /** The family of a class (itself and registered subclasses); `undefined` when none of them is a registered model. */
  family(ctor: Function): Family | undefined;
  /** The codec registered for instances of exactly `ctor` (`type: ctor`). */
  codecOf(ctor: Function): Codec<unknown> | undefined;
  /** Cache of `flat` per plan, emptied whenever a model or codec is added or removed (types resolve differently then). */
  readonly flat: Map<ModelPlan, boolean>;
}

/** What a position expects. `undefined`: any value (no declared type). */
export type Expect =
  | { readonly k: "number" | "string" | "boolean" | "bigint" | "date" }
  | { readonly k: "map"; readonly of: readonly FieldType[] | undefined }
  | { readonly k: "set"; readonly of: FieldType | undefined }
  | { readonly k: "array"; readonly elem: FieldType | undefined }
  | { readonly k: "model"; readonly ctor: Function }
  | { readonly k: "codec"; readonly codec: Codec<unknown> }
  | undefined;

const SIMPLE = new Map<Function, Expect>([
  [Number, { k: "number" }],
  [String, { k: "string" }],
  [Boolean, { k: "boolean" }],
  [BigInt, { k: "bigint" }],
  [Date, { k: "date" }],
  [Map, { k: "map", of: undefined }],
  [Set, { k: "set", of: undefined }],
  [Array, { k: "array", elem: undefined }],
]);

/** Resolves a declared type (a class, `[T]`, a thunk; `of`: element types of a Map or Set) into what the position expects. */
export function expectOf(t: FieldType | undefined, look: PlainLookup, of?: readonly FieldType[]): Expect {
  for (let i = 0; i < 8 && typeof t === "function" && !(t as { prototype?: unknown }).prototype; i++) t = (t as () => FieldType)();
  if (t === undefined || t === Object) return undefined;
  if (of !== undefined && t === Map) return { k: "map", of };
  if (of !== undefined && t === Set) return { k: "set", of: of[0] };
  if (Array.isArray(t)) return { k: "array", elem: t[0] === Object ? undefined : (t[0] as FieldType) };
  if (typeof t !== "function") return undefined;
  const simple = SIMPLE.get(t);
  if (simple !== undefined) return simple;
  if (look.family(t) !== undefined) return { k: "model", ctor: t };
  const codec = look.codecOf(t);
  return codec === undefined ? undefined : { k: "codec", codec };
}

/** A point of the document, linked to its parent: paths are built only for issues. */
interface At {
  readonly parent: At | undefined;
  readonly key: PathSegment;
}

function pathOf(at: At | undefined, key?: PathSegment): PathSegment[] {
  const out: PathSegment[] = [];
  for (let n = at; n !== undefined; n = n.parent) out.push(n.key);
  out.reverse();
  if (key !== undefined) out.push(key);
  return out;
}

/** The issue's message for a JSON number in a `BigInt` position that is not a safe integer. */
export function bigintNumberMessage(raw: number): string {
  return Number.isInteger(raw)
    ? "expected an integer: a number past 2^53 has lost digits already, send it as a decimal string"
    : "expected an integer (a whole number, or a decimal string)";
}

/** `true` when `raw` states a `"$version"` other than `plan`'s own (1 for an unversioned model): its keys are that version's. */
function otherVersion(raw: Record<string, unknown>, plan: ModelPlan): boolean {
  return Object.hasOwn(raw, "$version") && raw.$version !== (plan.version || 1);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

function tagOf(x: unknown): unknown {
  return isRecord(x) && Object.hasOwn(x, "$type") ? x.$type : undefined;
}

/**
 * A value typed input could not read (a bad ISO date, a missing
 * discriminator, ...): the decoder reports its issues when it reaches it, in
 * document order, and the enclosing models fail as they do for any issue.
 */
export class Poison {
  constructor(readonly issues: readonly Issue[]) {}
}

function poison(at: At | undefined, key: PathSegment | undefined, i: Omit<Issue, "path">): Poison {
  return new Poison([{ ...i, path: pathOf(at, key) }]);
}

interface InTask {
  readonly raw: unknown;
  readonly expect: Expect;
  readonly at: At | undefined;
  readonly into: Record<PathSegment, unknown> | unknown[];
  readonly key: PathSegment;
}

const INTEGER = /^-?\d+$/;

/** An object given for a Map whose declared key type is not `String`. */
export function objectKeysIssue(raw: unknown): Omit<Issue, "path"> {
  return {
    code: "type",
    message: "expected [key, value] pairs: the keys of an object are strings, and this Map's declared key type is not String",
    expected: "[key, value][]",
    received: raw,
  };
}

/** A key JavaScript orders before the others in an object (an array index). */
function isIndex(k: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4294967295;
}

/** Per plan: wire name -> field (typed input reads the document's keys). */
const byWire = new WeakMap<ModelPlan, Map<string, FieldPlan>>();
function fieldsByWire(plan: ModelPlan): Map<string, FieldPlan> {
  let m = byWire.get(plan);
  if (m === undefined) {
    m = new Map(plan.fields.map((f) => [f.wire, f]));
    byWire.set(plan, m);
  }
  return m;
}

/**
 * `true` when {@link typeInput} would change something in `raw` (an untagged
 * value in a typed position), or cannot tell cheaply (deep, or reading the
 * input threw). Allocates nothing: a fully tagged document — what
 * `serialize` writes — skips the typing pass and decodes as fast as ever.
 */
export function needsTyping(raw: unknown, e: Expect, look: PlainLookup, expects: (f: FieldPlan) => Expect, depth = 0): boolean {
  if (e === undefined || raw === null || raw === undefined) return false;
  if (depth > 64) return true;
  switch (e.k) {
    case "number":
    case "string":
    case "boolean":
      return false;
    case "bigint":
      return typeof raw === "string" || typeof raw === "number";
    case "date":
      return typeof raw === "string";
    case "map":
      return e.of !== undefined || Array.isArray(raw) || (isRecord(raw) && !Object.hasOwn(raw, "$type"));
    case "set":
      return e.of !== undefined || Array.isArray(raw);
    case "codec":
      return tagOf(raw) === undefined;
    case "array": {
      if (!Array.isArray(raw) || e.elem === undefined) return false;
      const elem = expectOf(e.elem, look);
      if (elem === undefined) return false;
      for (let i = 0; i < raw.length; i++) if (needsTyping(raw[i], elem, look, expects, depth + 1)) return true;
      return false;
    }
    case "model": {
      if (!isRecord(raw)) return false;
      if (!Object.hasOwn(raw, "$type")) return true;
      // The usual case: a tagged model of a class without subclasses whose fields are all primitives or untyped.
      const fam = look.family(e.ctor);
      if (fam !== undefined && !fam.polymorphic && fam.self !== undefined && flat(fam.self, look, expects)) return false;
      const tag = raw.$type;
      const plan = typeof tag === "string" ? look.planByName(tag) : undefined;
      if (plan === undefined || plan.mode !== "fields") return false;
      if (plan.ctor !== e.ctor && !Object.prototype.isPrototypeOf.call(e.ctor.prototype, plan.ctor.prototype)) return false;
      if (otherVersion(raw, plan)) return false;
      const fields = plan.fields;
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i] as FieldPlan;
        const t = f.check?.typeofName;
        if (t !== undefined && t !== "bigint") continue;
        const v = f.inheritedName ? (Object.hasOwn(raw, f.wire) ? raw[f.wire] : undefined) : raw[f.wire];
        if (v !== null && v !== undefined && typeof v !== "boolean" && needsTyping(v, expects(f), look, expects, depth + 1)) return true;
      }
      return false;
    }
  }
}

/** Per plan: `true` when no field has a type typed input would act on (only primitives and untyped fields). */
function flat(plan: ModelPlan, look: PlainLookup, expects: (f: FieldPlan) => Expect): boolean {
  const flatPlans = look.flat;
  let v = flatPlans.get(plan);
  if (v === undefined) {
    v =
      plan.mode === "fields" &&
      plan.fields.every((f) => {
        const e = expects(f);
        return e === undefined || e.k === "number" || e.k === "string" || e.k === "boolean";
      });
    flatPlans.set(plan, v);
  }
  return v;
}

/**
 * Typed plain input: `root` as a value of type `expect`, spelled as the
 * tagged wire format spells it (untagged values in typed positions tagged,
 * everything else as it was). Values that cannot be read become
 * {@link Poison}; unknown keys refused by `unknownKeys: "reject"` go to `side`.
 */
export function typeInput(
  root: unknown,
  expect: Expect,
  look: PlainLookup,
  unknownKeys: UnknownKeys | undefined,
  side: Issue[],
  expects: (f: FieldPlan) => Expect,
  prefix: readonly PathSegment[] = [],
  made?: WeakSet<object>,
): unknown {
  const box: Record<PathSegment, unknown> = { v: undefined };
  let rootAt: At | undefined;
  for (const k of prefix) rootAt = { parent: rootAt, key: k };
  const todo: InTask[] = [{ raw: root, expect, at: rootAt, into: box, key: "v" }];
  const kids: InTask[] = [];
  const guard = new KeyGuard();
  const child = (raw: unknown, e: Expect, at: At | undefined, into: InTask["into"], key: PathSegment, atKey: PathSegment = key) => {
    if (e === undefined || raw === null || (typeof raw !== "object" && (e.k === "number" || e.k === "string" || e.k === "boolean")))
      putKey(into, key, raw, guard.fast(1));
    else {
      putKey(into, key, undefined, guard.fast(1));
      kids.push({ raw, expect: e, at: { parent: at, key: atKey }, into, key });
    }
  };
  while (todo.length > 0) {
    const t = todo.pop() as InTask;
    kids.length = 0;
    let v: unknown;
    try {
      v = typeOne(t);
    } catch (e) {
      if (isStackOverflow(e)) throw e;
      kids.length = 0;
      v = new Poison([
        { path: pathOf(t.at), code: "json", message: `reading the input failed: ${e instanceof Error ? e.message : formatValue(e)}` },
      ]);
    }
    // `child` made the key an own property (its placeholder): a plain store is safe.
    (t.into as Record<PathSegment, unknown>)[t.key] = v;
    if (made !== undefined && typeof v === "object" && v !== null) made.add(v);
    for (let i = kids.length - 1; i >= 0; i--) todo.push(kids[i] as InTask);
  }
  return box.v;

  function typeOne(t: InTask): unknown {
    const { raw, at } = t;
    const e = t.expect;
    if (e === undefined || raw === null || raw === undefined) return raw;
    switch (e.k) {
      case "number":
      case "string":
      case "boolean":
        return raw;
      case "bigint":
        if (typeof raw === "string")
          return INTEGER.test(raw)
            ? { $type: "bigint", value: raw }
            : poison(at, undefined, { code: "type", message: "expected an integer (a decimal string)", expected: "bigint", received: raw });
        if (typeof raw === "number")
          return Number.isSafeInteger(raw)
            ? { $type: "bigint", value: String(raw) }
            : poison(at, undefined, {
                code: "type",
                message: bigintNumberMessage(raw),
                expected: "bigint",
                received: raw,
              });
        return raw;
      case "date":
        if (typeof raw !== "string") return raw;
        return Number.isNaN(parseIsoDate(raw))
          ? poison(at, undefined, {
              code: "date",
              message: "expected a valid ISO 8601 / RFC 3339 date string",
              expected: "Date",
              received: raw,
            })
          : { $type: "Date", value: raw };
      case "map": {
        let pairs: unknown;
        let inValue = false;
        if (Array.isArray(raw)) pairs = raw;
        else if (isRecord(raw) && !Object.hasOwn(raw, "$type")) {
          if (e.of === undefined) return { $type: "Map", value: Object.keys(raw).map((k) => [k, raw[k]]) };
          // Typed values of an object form: typed in place (their paths are the object's keys).
          const key = expectOf(e.of[0], look);
          if (key !== undefined && key.k !== "string") return poison(at, undefined, objectKeysIssue(raw));
          const value = expectOf(e.of[1], look);
          const keys = Object.keys(raw);
          const out: unknown[] = new Array(keys.length);
          for (let i = 0; i < keys.length; i++) {
            const k = keys[i] as string;
            const pair: unknown[] = [k, undefined];
            out[i] = pair;
            child(raw[k], value, at, pair, 1, k);
          }
          return { $type: "Map", value: out };
        } else if (tagOf(raw) === "Map" && e.of !== undefined && Array.isArray((raw as { value?: unknown }).value)) {
          pairs = (raw as { value: unknown[] }).value;
          inValue = true;
        } else return raw;
        if (e.of === undefined) return inValue ? raw : { $type: "Map", value: pairs };
        const list = pairs as unknown[];
        const key = expectOf(e.of[0], look);
        const value = expectOf(e.of[1], look);
        const here: At | undefined = inValue ? { parent: at, key: "value" } : at;
        const out: unknown[] = new Array(list.length);
        for (let i = 0; i < list.length; i++) {
          const p = list[i];
          if (!Array.isArray(p) || p.length !== 2) {
            out[i] = p;
            continue;
          }
          const pair: unknown[] = [undefined, undefined];
          out[i] = pair;
          const pat: At = { parent: here, key: i };
          child(p[0], key, pat, pair, 0);
          child(p[1], value, pat, pair, 1);
        }
        return { $type: "Map", value: out };
      }
      case "set": {
        let list: unknown;
        let inValue = false;
        if (Array.isArray(raw)) list = raw;
        else if (tagOf(raw) === "Set" && e.of !== undefined && Array.isArray((raw as { value?: unknown }).value)) {
          list = (raw as { value: unknown[] }).value;
          inValue = true;
        } else return raw;
        if (e.of === undefined) return { $type: "Set", value: list };
        const elem = expectOf(e.of, look);
        const here: At | undefined = inValue ? { parent: at, key: "value" } : at;
        const a = list as unknown[];
        const out: unknown[] = new Array(a.length);
        for (let i = 0; i < a.length; i++) child(a[i], elem, here, out, i);
        return { $type: "Set", value: out };
      }
      case "codec":
        return tagOf(raw) !== undefined ? raw : { $type: e.codec.name, value: raw };
      case "array": {
        if (!Array.isArray(raw) || e.elem === undefined) return raw;
        const elem = expectOf(e.elem, look);
        if (elem === undefined) return raw;
        const out: unknown[] = new Array(raw.length);
        for (let i = 0; i < raw.length; i++) child(raw[i], elem, at, out, i);
        return out;
      }
      case "model":
        return typeModel(raw, e.ctor, at);
    }
  }

  function typeModel(raw: unknown, ctor: Function, at: At | undefined): unknown {
    if (!isRecord(raw)) return raw;
    const fam = look.family(ctor) as Family;
    if (Object.hasOwn(raw, "$type")) {
      // Tagged: honoured (the decoder checks it against the position); its fields are typed in turn.
      const tag = raw.$type;
      const plan = typeof tag === "string" ? look.planByName(tag) : undefined;
      if (plan === undefined || (plan.ctor !== ctor && !Object.prototype.isPrototypeOf.call(ctor.prototype, plan.ctor.prototype)))
        return raw;
      // An older $version is migrated as written: its fields are not this version's.
      if (otherVersion(raw, plan)) return raw;
      if (plan.mode !== "fields") return raw;
      const fields = fieldsByWire(plan);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(raw)) {
        const f = fields.get(k);
        child(raw[k], f === undefined ? undefined : expects(f), at, out, k);
      }
      return out;
    }
    let plan = fam.self;
    const key = fam.key;
    if (key !== undefined && Object.hasOwn(raw, key)) {
      const value = raw[key];
      plan = typeof value === "string" ? fam.byValue.get(value) : undefined;
      if (plan === undefined)
        return poison(at, key, {
          code: "discriminator",
          message: `unknown ${JSON.stringify(key)} of ${ctor.name || "the model"}: expected one of ${[...fam.byValue.keys()].map((v) => JSON.stringify(v)).join(", ")}`,
          expected: [...fam.byValue.keys()].join(" | "),
          received: value,
        });
    } else if (fam.polymorphic || plan === undefined) {
      const name = ctor.name || "the class";
      return key !== undefined
        ? poison(at, key, {
            code: "discriminator",
            message: `missing discriminator: ${name} has registered subclasses, the ${JSON.stringify(key)} key says which (one of ${[...fam.byValue.keys()].map((v) => JSON.stringify(v)).join(", ")})`,
            expected: [...fam.byValue.keys()].join(" | "),
          })
        : poison(at, undefined, {
            code: "discriminator",
            message: `${name} has registered subclasses (${fam.names.join(", ")}): an untagged object in its place needs a "$type" tag, or a discriminator declared on the base model with @model({ discriminator: "kind" })`,
            expected: ctor.name || "a model",
            received: raw,
          });
    }
    // An untagged object that states another version is tagged as it stands and left to the decoder, which
    // migrates it (or reports the version) as it does within the recursion limit: its keys are that
    // version's, so none is typed or dropped here (as for a tagged one, above).
    if (otherVersion(raw, plan)) {
      const tagged: Record<string, unknown> = { $type: plan.name };
      for (const k of Object.keys(raw)) if (k !== "$type") setKey(tagged, k, raw[k]);
      return tagged;
    }
    const mode = unknownKeyMode(plan, unknownKeys);
    const out: Record<string, unknown> = plan.version > 0 ? { $type: plan.name, $version: plan.version } : { $type: plan.name };
    // A shared or cyclic object's "$id" (written with references: true) binds it for later "$ref"s; it and
    // "$version" (this version's, written above) are the decoder's keys, never unknown ones.
    if (Object.hasOwn(raw, "$id")) out.$id = raw.$id;
    const keys = Object.keys(raw);
    const fields = plan.mode === "fields" ? fieldsByWire(plan) : undefined;
    for (const k of keys) {
      if (k === key || k === "$id" || k === "$version") continue;
      const f = fields?.get(k);
      const known =
        f !== undefined ||
        (fields === undefined &&
          !k.startsWith("$") &&
          k !== "__proto__" &&
          k !== "constructor" &&
          (plan.descriptorKeys.includes(k) || plan.freshKeys().has(k)));
      if (known) child(raw[k], f === undefined ? undefined : expects(f), at, out, k);
      else if (mode === "reject")
        side.push({
          path: pathOf(at, k),
          code: "unknown-key",
          message: `${plan.name} has no field ${JSON.stringify(k)} (unknownKeys: "reject")`,
          received: raw[k],
        });
    }
    return out;
  }
}

// ---- plain output ----

/** Where a value sits, for plain output's rules on `null` and `undefined`. */
enum Slot {
  /** An array element, a Set element, a Map value, the root: `undefined` has no plain spelling. */
  Strict = 0,
  /** A value of a plain object: an `undefined` value is left out (as `JSON.stringify` does). */
  Droppable = 1,
  /** An optional field: `undefined` is left out, `null` is kept. */
  Optional = 2,
  /** A required field. */
  Required = 3,
}

interface OutTask {
  readonly node: unknown;
  readonly expect: Expect;
  readonly slot: Slot;
  readonly at: At | undefined;
  readonly into: Record<PathSegment, unknown> | unknown[];
  readonly key: PathSegment;
}

/** Why plain JSON refuses an optional field set to `undefined` whose constructor gives it another value. */
export const UNDEFINED_OVER_INITIAL =
  "undefined has no plain JSON form here: left out, the field would read back as the value its constructor gives it (use the tagged format, or give the field an undefined initial value)";

const OMIT: unique symbol = Symbol("decorum.omit");
/** The node's place is filled by a task pushed in its stead (a codec's payload). */
const LATER: unique symbol = Symbol("decorum.later");

/** The type a tagged node describes by itself (the root of a plain output). */
export function selfExpect(node: unknown, look: PlainLookup): Expect {
  const tag = tagOf(node);
  if (typeof tag !== "string") return undefined;
  switch (tag) {
    case "Date":
      return { k: "date" };
    case "Map":
      return { k: "map", of: undefined };
    case "Set":
      return { k: "set", of: undefined };
    case "bigint":
      return { k: "bigint" };
    case "number":
      return { k: "number" };
  }
  const plan = look.planByName(tag);
  return plan !== undefined ? { k: "model", ctor: plan.ctor } : undefined;
}

function described(node: unknown, look: PlainLookup): string {
  const tag = tagOf(node);
  if (typeof tag === "string") {
    const plan = look.planByName(tag);
    if (plan !== undefined) return `an instance of ${plan.ctor.name || plan.name} (${plan.name})`;
    if (tag === "undefined") return "undefined";
    if (tag === "number") return String((node as { value?: unknown }).value);
    if (tag === "object") return 'a plain object with a "$type" key';
    return `a ${tag}`;
  }
  if (node === null) return "null";
  if (Array.isArray(node)) return "an array";
  return typeof node === "object" ? "an object" : `a ${typeof node} (${formatValue(node)})`;
}

function expectWords(e: Expect): string {
  if (e === undefined) return "any value";
  switch (e.k) {
    case "model":
      return e.ctor.name || "a model";
    case "codec":
      return e.codec.name;
    case "array":
      return "an array";
    case "date":
      return "Date";
    case "map":
      return "Map";
    case "set":
      return "Set";
    default:
      return e.k;
  }
}

/**
 * Plain output: the tagged tree `tree` (what the encoder wrote for a value of
 * type `expect`) as plain JSON. Models lose `"$type"` (a discriminator key is
 * written where the hierarchy declares one), Dates become ISO strings, Maps
 * objects (string keys) or entry arrays, Sets arrays, bigints strings.
 *
 * @throws {SerializeError} naming the path for what plain JSON cannot carry or typed input could not read back.
 */
export function untag(tree: unknown, expect: Expect, look: PlainLookup, expects: (f: FieldPlan) => Expect): unknown {
  const box: Record<PathSegment, unknown> = { v: undefined };
  const todo: OutTask[] = [{ node: tree, expect, slot: Slot.Strict, at: undefined, into: box, key: "v" }];
  const kids: OutTask[] = [];
  const guard = new KeyGuard();
  const child = (node: unknown, e: Expect, slot: Slot, at: At | undefined, into: OutTask["into"], key: PathSegment) => {
    const fast = guard.fast(1);
    if (typeof node === "string" || typeof node === "boolean" || typeof node === "number") {
      if (e === undefined || e.k === typeof node) {
        putKey(into, key, node, fast);
        return;
      }
    }
    putKey(into, key, null, fast);
    kids.push({ node, expect: e, slot, at: { parent: at, key }, into, key });
  };
  const fail = (at: At | undefined, message: string): never => {
    throw new SerializeError(pathOf(at), message);
  };
  while (todo.length > 0) {
    const t = todo.pop() as OutTask;
    kids.length = 0;
    const v = one(t);
    if (v === OMIT) delete (t.into as Record<PathSegment, unknown>)[t.key];
    // `child` made the key an own property (its placeholder): a plain store is safe.
    else if (v !== LATER) (t.into as Record<PathSegment, unknown>)[t.key] = v;
    for (let i = kids.length - 1; i >= 0; i--) todo.push(kids[i] as OutTask);
  }
  if (box.v === OMIT) fail(undefined, "undefined has no plain JSON form");
  return box.v;

  function one(t: OutTask): unknown {
    const { node, at, slot } = t;
    const e = t.expect;
    const tag = tagOf(node);
    if (tag === "undefined") {
      // A tagged tree writes an optional field's undefined only where its constructor gives another value.
      if (slot === Slot.Optional) return fail(at, UNDEFINED_OVER_INITIAL);
      if (slot === Slot.Droppable) return OMIT;
      return fail(
        at,
        slot === Slot.Required
          ? "undefined in a required field has no plain JSON form (an absent key reads back as missing): declare the field optional"
          : "undefined has no plain JSON form here (only an absent optional field or object key is left out)",
      );
    }
    if (tag === "number") {
      const text = (node as { value?: unknown }).value;
      if (text === "-0" && (e === undefined || e.k === "number")) return 0;
      return fail(
        at,
        `${String(text)} has no plain JSON form (JSON numbers are finite); use the tagged format, or keep such values out of the field`,
      );
    }
    if (e === undefined) return untyped(t);
    if (node === null) {
      if (slot === Slot.Optional) return null;
      return fail(at, `null in a position of type ${expectWords(e)} would not read back (declare the field optional)`);
    }
    const mismatch = (): never =>
      fail(at, `expected ${expectWords(e)} here (the declared type), found ${described(node, look)}: typed input could not read it back`);
    switch (e.k) {
      case "number":
      case "string":
      case "boolean":
        return typeof node === e.k ? node : mismatch();
      case "bigint":
        return tag === "bigint" ? (node as { value: unknown }).value : mismatch();
      case "date": {
        if (tag !== "Date") return mismatch();
        const iso = (node as { value: unknown }).value;
        return typeof iso === "string" ? iso : fail(at, "an invalid Date has no plain JSON form");
      }
      case "set": {
        if (tag !== "Set") return mismatch();
        const a = (node as { value: unknown[] }).value;
        const elem = e.of === undefined ? undefined : expectOf(e.of, look);
        const out: unknown[] = new Array(a.length);
        for (let i = 0; i < a.length; i++) child(a[i], elem, Slot.Strict, at, out, i);
        return out;
      }
      case "map": {
        if (tag !== "Map") return mismatch();
        const entries = (node as { value: unknown[][] }).value;
        const ke = e.of === undefined ? undefined : expectOf(e.of[0], look);
        const ve = e.of === undefined ? undefined : expectOf(e.of[1], look);
        // An object keeps the Map's key order only without index-like keys (JavaScript puts those first).
        const named =
          (ke === undefined || ke.k === "string") && entries.every((p) => typeof p[0] === "string" && p[0] !== "$type" && !isIndex(p[0]));
        if (named) {
          const out: Record<string, unknown> = {};
          for (const p of entries) child(p[1], ve, Slot.Strict, at, out, p[0] as string);
          return out;
        }
        const out: unknown[] = new Array(entries.length);
        for (let i = 0; i < entries.length; i++) {
          const p = entries[i] as unknown[];
          const pair: unknown[] = [null, null];
          out[i] = pair;
          const here: At = { parent: at, key: i };
          child(p[0], ke, Slot.Strict, here, pair, 0);
          child(p[1], ve, Slot.Strict, here, pair, 1);
        }
        return out;
      }
      case "codec":
        if (tag !== e.codec.name) return mismatch();
        // The payload is the plain form; it must be plain JSON itself (nothing tagged inside).
        kids.push({ node: (node as { value: unknown }).value, expect: undefined, slot: Slot.Strict, at, into: t.into, key: t.key });
        return LATER;
      case "array": {
        if (!Array.isArray(node)) return mismatch();
        const elem = e.elem === undefined ? undefined : expectOf(e.elem, look);
        const out: unknown[] = new Array(node.length);
        for (let i = 0; i < node.length; i++) child(node[i], elem, Slot.Strict, at, out, i);
        return out;
      }
      case "model":
        return model(node, tag, e.ctor, at, mismatch);
    }
  }

  function model(node: unknown, tag: unknown, ctor: Function, at: At | undefined, mismatch: () => never): unknown {
    const plan = typeof tag === "string" ? look.planByName(tag) : undefined;
    if (plan === undefined || (plan.ctor !== ctor && !Object.prototype.isPrototypeOf.call(ctor.prototype, plan.ctor.prototype)))
      return mismatch();
    const fam = look.family(ctor) as Family;
    const key = fam.key;
    // The root has no declared type: it is its own class (reading it back as a base class needs the discriminator).
    if (key === undefined && (plan.ctor !== ctor || (fam.polymorphic && at !== undefined)))
      fail(
        at,
        `${plan.name} in a position of type ${ctor.name || "a model"}, which has registered subclasses (${fam.names.join(", ")}): plain JSON needs a discriminator to say which; declare @model({ discriminator: "kind" }) on the base model (or use the tagged format)`,
      );
    const n = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    if (key !== undefined) setKey(out, key, plan.discriminatorValue);
    if (plan.mode === "fields") {
      for (const f of plan.fields) {
        // An undefined optional field is left out of tagged trees too.
        if (f.optional && !Object.hasOwn(n, f.wire)) continue;
        child(n[f.wire], expects(f), f.optional ? Slot.Optional : Slot.Required, at, out, f.wire);
      }
      return out;
    }
    for (const k of Object.keys(n)) if (k !== "$type" && k !== "$version") child(n[k], undefined, Slot.Droppable, at, out, k);
    return out;
  }

  function untyped(t: OutTask): unknown {
    const { node, at } = t;
    if (node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) {
      const out: unknown[] = new Array(node.length);
      for (let i = 0; i < node.length; i++) child(node[i], undefined, Slot.Strict, at, out, i);
      return out;
    }
    const tag = tagOf(node);
    if (tag !== undefined) {
      const plan = typeof tag === "string" ? look.planByName(tag) : undefined;
      const hint =
        plan !== undefined
          ? `declare the type where it sits (@field(${plan.ctor.name || "Model"}), @field([${plan.ctor.name || "Model"}])), or use the tagged format`
          : tag === "object"
            ? "rename the key, or use the tagged format"
            : `declare the type where it sits (@field(${String(tag)})), or use the tagged format`;
      return fail(
        at,
        `${described(node, look)} in a position without a declared type cannot be written as plain JSON (it would not read back as it was): ${hint}`,
      );
    }
    const o = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) child(o[k], undefined, Slot.Droppable, at, out, k);
    return out;
  }
}
