/**
 * Per-class plans: what the registry knows about one model class, computed
 * once from the class metadata at first use. The interpreter (`interpretModel`) and
 * the compiler (`compileModel`), both in `compile.ts`, work from a plan, so they cannot disagree
 * about which keys a model has or in what order.
 *
 * Key order of a model (documented in docs/wire-format.md): base class
 * fields first; within one class, fields backed by an `accessor` (or a
 * getter) in declaration order, then plain fields in declaration order. This
 * is the order standard decorators are applied in, and legacy decorators are
 * sorted to match, so both dialects write the same document.
 *
 * @module
 */
import { classChain, getClassDataChain, membersWith } from "../decorators/metadata.js";
import { descriptorMembers } from "../descriptors/index.js";
import { specialise } from "../descriptors/specialise.js";
import { ClassDefinitionError, formatValue } from "../errors.js";
import { checkWireName, FIELD_NS, type FieldRecord, type FieldType, isFieldType, TYPE_HINT } from "./field.js";

/** Metadata namespace of `@model` options. */
export const MODEL_NS = "registry.model";

/** A migration step: takes the fields of version n (wire form), returns those of version n + 1. */
export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/** What `@model` / `defineModel` record per class under {@link MODEL_NS}. */
export interface ModelRecord {
  readonly name: string;
  readonly version: number;
  readonly migrate: Readonly<Record<number, Migration>>;
  readonly requires: readonly string[];
  readonly strict: boolean;
  readonly factory: (() => object) | undefined;
  readonly afterDeserialize: ((instance: never) => void) | undefined;
  /** The discriminator key this class declares for its subclasses (plain JSON), if any. */
  readonly discriminator?: string | undefined;
  /** This class's value of the inherited discriminator key (default: its registered name). */
  readonly discriminatorValue?: string | undefined;
  /** What typed plain input does with keys that are not fields (default: `"reject"` when strict, else `"strip"`). */
  readonly unknownKeys?: "strip" | "reject" | undefined;
}

/** A type test used on deserialize. */
export interface TypeCheck {
  /** Words for messages: `number`, `Date`, `array of LineItem`. */
  readonly expected: string;
  /** `true` when `v` is acceptable (for arrays: is an array; elements are checked with `elem`). */
  readonly test: (v: unknown) => boolean;
  /** For `[T]`: the element check. */
  readonly elem: TypeCheck | undefined;
  /** For primitive types: the `typeof` result, so compiled code can inline the test. */
  readonly typeofName: "number" | "string" | "boolean" | "bigint" | undefined;
  /** For a class (not a primitive's constructor, not `Array`): `test` is `v instanceof cls`, so compiled code can inline it. */
  readonly cls: Function | undefined;
}

/** One serialized field of a model. */
export interface FieldPlan {
  readonly key: string;
  readonly wire: string;
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly check: TypeCheck | undefined;
  /** The declared type (typed plain input and tag-free output follow it). */
  readonly type: FieldType | undefined;
  /** Element types of a `Map` (`[key, value]`) or `Set` (`[element]`) field, when declared with `of`. */
  readonly of: readonly FieldType[] | undefined;
  /** Checks of {@link FieldPlan.of} (`undefined` entries: any value). */
  readonly ofChecks: ReadonlyArray<TypeCheck | undefined> | undefined;
  /** The wire name is also a property of `Object.prototype` (`toString`, ...): reads need an own check. */
  readonly inheritedName: boolean;
  /** A `Date` / `[Date]` field without `invalidDate: true`: an invalid date is refused in both directions. */
  readonly validDate: boolean;
  /**
   * The registry's cache of this field's expectation (what its position
   * expects in plain JSON): valid while `expectStamp` is the registry's
   * current state stamp (unique across registries; 0: nothing cached). Kept
   * on the field so a decode looks up nothing per field.
   */
  expectStamp: number;
  expectCache: unknown;
}

/** Everything the registry needs to encode and decode one model class. */
export interface ModelPlan {
  readonly ctor: Function;
  readonly name: string;
  /** 0 when the model is not versioned. */
  readonly version: number;
  readonly migrate: Readonly<Record<number, Migration>>;
  readonly strict: boolean;
  /** `"fields"`: declared `@field`s; `"own"`: no `@field`, own enumerable data + descriptor members. */
  readonly mode: "fields" | "own";
  readonly fields: readonly FieldPlan[];
  /** The fields deserialize writes: all but getter-only members (computed, written out but never read back). */
  readonly inputs: readonly FieldPlan[];
  readonly wireNames: ReadonlySet<string>;
  /** `"own"` mode: members never written (`@transient`) and descriptor-managed members (written first). */
  readonly transient: ReadonlySet<string>;
  readonly descriptorKeys: readonly string[];
  readonly create: () => object;
  /** `create` is the model's own `factory` (not `new Class()`). */
  readonly hasFactory: boolean;
  readonly afterDeserialize: ((instance: object) => void) | undefined;
  /** The discriminator key of the class's hierarchy (declared by it or a base model), if any. */
  readonly discriminator: string | undefined;
  /** The value of {@link ModelPlan.discriminator} that selects this class (its `discriminatorValue`, else its name). */
  readonly discriminatorValue: string;
  /** The model's `unknownKeys` option (typed plain input), when it gives one. */
  readonly unknownKeys: "strip" | "reject" | undefined;
  /**
   * Own keys of a new instance (`create()` once, on first call; empty when it
   * throws): what own mode may write under a prototype member's name or in a
   * strict model, because deserialize reads exactly those back.
   */
  freshKeys(): ReadonlySet<string>;
  /**
   * `true` when a new instance holds `undefined` in member `key` (read from
   * the same probe instance): an `undefined` optional field is then left out
   * of the output, since a missing key reads back as that value. `false`
   * when the probe could not be made.
   */
  freshUndefined(key: string): boolean;
}

const PRIMITIVES = new Map<Function, "number" | "string" | "boolean" | "bigint">([
  [Number, "number"],
  [String, "string"],
  [Boolean, "boolean"],
  [BigInt, "bigint"],
]);

/** A valid `Date` (what a `Date` field accepts unless it says `invalidDate: true`). */
const VALID_DATE: TypeCheck = {
  expected: "a valid Date",
  test: (v) => v instanceof Date && !Number.isNaN(Date.prototype.getTime.call(v)),
  elem: undefined,
  typeofName: undefined,
  cls: undefined,
};

/** `true` when `t` is `Date` or `[Date]` (resolving thunks). */
function isDateType(t: FieldType | undefined): boolean {
  if (t === Date) return true;
  if (Array.isArray(t)) return isDateType(t[0] as FieldType);
  return typeof t === "function" && !(t as { prototype?: unknown }).prototype && isDateType((t as () => FieldType)());
}

/**
 * What happens to a key of an untagged object that is not one of `plan`'s fields: the call's
 * `unknownKeys` option (`override`) first, then the model's own, else "reject" for a strict
 * model and "strip" for any other.
 */
export function unknownKeyMode(plan: ModelPlan, override: "strip" | "reject" | undefined): "strip" | "reject" {
  return override ?? plan.unknownKeys ?? (plan.strict ? "reject" : "strip");
}

/** Turns a field type into a check; `undefined` means "any value". `validDate`: `Date` refuses invalid dates. */
export function typeCheck(t: FieldType | undefined, validDate = false): TypeCheck | undefined {
  if (t === undefined || t === Object) return undefined;
  if (validDate && t === Date) return VALID_DATE;
  if (Array.isArray(t)) {
    const elem = typeCheck(t[0] as FieldType, validDate);
    return {
      expected: elem ? `array of ${elem.expected}` : "array",
      test: Array.isArray,
      elem,
      typeofName: undefined,
      cls: undefined,
    };
  }
  if (typeof t !== "function") return undefined;
  if (!(t as { prototype?: unknown }).prototype) return typeCheck((t as () => FieldType)(), validDate);
  const cached = classChecks.get(t);
  if (cached !== undefined) return cached;
  let check: TypeCheck;
  const prim = PRIMITIVES.get(t as Function);
  if (prim) check = { expected: prim, test: (v) => typeof v === prim, elem: undefined, typeofName: prim, cls: undefined };
  else if (t === Array) check = { expected: "array", test: Array.isArray, elem: undefined, typeofName: undefined, cls: undefined };
  else {
    const ctor = t as Function;
    // One `instanceof` site per class: a closure of one literal shares a single, megamorphic site between every class.
    const test =
      specialise<(v: unknown) => boolean>(["C"], "return function test(v) { return v instanceof C; };", [ctor]) ??
      ((v: unknown) => v instanceof ctor);
    check = { expected: ctor.name || "instance", test, elem: undefined, typeofName: undefined, cls: ctor };
  }
  classChecks.set(t, check);
  return check;
}

/** Checks of classes and primitive constructors (pure functions of the class; lazy thunks are not cached). */
const classChecks = new WeakMap<Function, TypeCheck>();

/** A type thunk is resolved when the plan is built: what it returns must be a type too. */
function checkResolvedType(className: string, member: string, t: FieldType | undefined): void {
  if (typeof t !== "function" || (t as { prototype?: unknown }).prototype) return;
  const resolved = (t as () => unknown)();
  if (!isFieldType(resolved))
    throw new ClassDefinitionError(className, member, `@field: the type thunk returned ${formatValue(resolved)}; ${TYPE_HINT}`);
  if (typeof resolved === "function") checkResolvedType(className, member, resolved as FieldType);
}

/** The model record of `ctor` itself (a subclass without `@model` has none). */
export function ownModelRecord(ctor: Function): ModelRecord | undefined {
  const chain = getClassDataChain<ModelRecord>(ctor, MODEL_NS);
  const last = chain[chain.length - 1];
  return last && last.owner === ctor ? last.data : undefined;
}

/** The discriminator key of `ctor`'s hierarchy and the model class that declares it, if any. */
export function discriminatorOf(ctor: Function): { key: string; owner: Function } | undefined {
  for (const { owner, data } of getClassDataChain<ModelRecord>(ctor, MODEL_NS))
    if (data.discriminator !== undefined) return { key: data.discriminator, owner };
  return undefined;
}

/** The ordered field records of a class: base first, accessors before plain fields within each class. */
export function orderedFields(ctor: Function): Array<[string, FieldRecord]> {
  const out = new Map<string, FieldRecord>();
  for (const c of classChain(ctor)) {
    const all = membersWith<FieldRecord>(c, FIELD_NS);
    const added: Array<[string, FieldRecord]> = [];
    for (const [k, rec] of all) {
      if (typeof k !== "string") continue;
      if (out.has(k)) out.set(k, rec);
      else added.push([k, rec]);
    }
    added.sort((a, b) => a[1].rank - b[1].rank);
    for (const [k, rec] of added) out.set(k, rec);
  }
  return [...out];
}

/** `true` when the nearest definition of `key` on the prototype chain is a getter without a setter. */
function getterOnly(proto: object, key: string): boolean {
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return typeof d.get === "function" && d.set === undefined;
  }
  return false;
}

/** Builds the plan of a registered class (called once per class and registry). */
export function buildPlan(ctor: Function, name: string): ModelPlan {
  const rec = ownModelRecord(ctor);
  const version = rec?.version ?? 0;
  const all = orderedFields(ctor);
  const transient = new Set<string>();
  const fields: FieldPlan[] = [];
  for (const [key, f] of all) {
    if (f.transient) {
      transient.add(key);
      continue;
    }
    const wire = f.wireName ?? key;
    checkResolvedType(name, key, f.type);
    for (const t of f.of ?? []) checkResolvedType(name, key, t);
    checkWireName(name, key, wire);
    const validDate = !f.invalidDate && isDateType(f.type);
    fields.push({
      key,
      wire,
      optional: f.optional,
      hasDefault: f.hasDefault,
      default: f.default,
      check: typeCheck(f.type, validDate),
      type: f.type,
      of: f.of,
      ofChecks: f.of?.map((t) => typeCheck(t)),
      inheritedName: wire in Object.prototype,
      validDate,
      expectStamp: 0,
      expectCache: undefined,
    });
  }
  const inputs = fields.filter((f) => !getterOnly(ctor.prototype as object, f.key));
  const descriptorKeys: string[] = [];
  for (const k of descriptorMembers(ctor).keys()) if (typeof k === "string" && !transient.has(k)) descriptorKeys.push(k);
  if (fields.length === 0) for (const k of descriptorKeys) checkWireName(name, k, k);
  const factory = rec?.factory;
  const C = ctor as new () => object;
  // One `new` site per model (a closure of one literal would share a single, megamorphic construct site between every model).
  const create = factory ?? specialise<() => object>(["C"], "return function create() { return new C(); };", [C]) ?? (() => new C());
  let fresh: ReadonlySet<string> | undefined;
  let probe: object | null | undefined;
  const probed = (): object | null => {
    if (probe === undefined) {
      try {
        const p = create();
        probe = p !== null && typeof p === "object" ? p : null;
      } catch {
        probe = null;
      }
    }
    return probe;
  };
  const undefinedByDefault = new Map<string, boolean>();
  return {
    ctor,
    name,
    version,
    migrate: rec?.migrate ?? {},
    strict: rec?.strict ?? false,
    mode: fields.length > 0 ? "fields" : "own",
    fields,
    inputs,
    wireNames: new Set(fields.map((f) => f.wire)),
    transient,
    descriptorKeys,
    create,
    hasFactory: factory !== undefined,
    afterDeserialize: rec?.afterDeserialize as ((instance: object) => void) | undefined,
    discriminator: discriminatorOf(ctor)?.key,
    discriminatorValue: rec?.discriminatorValue ?? name,
    unknownKeys: rec?.unknownKeys,
    freshKeys() {
      if (fresh === undefined) {
        const p = probed();
        fresh = new Set(p !== null ? Object.getOwnPropertyNames(p) : []);
      }
      return fresh;
    },
    freshUndefined(key) {
      let v = undefinedByDefault.get(key);
      if (v === undefined) {
        const p = probed();
        try {
          v = p !== null && (p as Record<string, unknown>)[key] === undefined;
        } catch {
          v = false;
        }
        undefinedByDefault.set(key, v);
      }
      return v;
    },
  };
}
