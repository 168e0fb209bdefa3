/**
 * `@model` and `defineModel`: the "metaclass". Runs once, when the class is
 * defined: checks the class (rules inherited from base models, field wire
 * names), records its options, lets the descriptors layer finish it, and
 * registers it.
 *
 * @module
 */
import { applyDecorator, createDecorator, type UniversalDecorator } from "../decorators/dialect.js";
import { getClassDataChain, setClassData } from "../decorators/metadata.js";
import { descriptorMembers, finishClass } from "../descriptors/index.js";
import { installView } from "../descriptors/view.js";
import { ClassDefinitionError, formatValue } from "../errors.js";
import { checkWireName, FIELD_DECORATORS, type FieldOptions, type FieldType, field } from "./field.js";
import { discriminatorOf, type Migration, MODEL_NS, type ModelRecord, orderedFields } from "./plan.js";
import { registry as defaultRegistry, type Registry, type SerializeOptions } from "./registry.js";

/** Options of `@model(...)` and `defineModel`. */
export interface ModelOptions<T = unknown> {
  /** Registered name, stable across minification and refactoring (default: the class name). */
  name?: string;
  /** Current version (a positive integer); documents carry it as `"$version"`. */
  version?: number;
  /** Migration steps: `migrate[n]` turns the fields of version n into those of version n + 1. */
  migrate?: Record<number, Migration>;
  /** Members every registered subclass must have (a method, getter, accessor or `@field`); checked at subclass definition. */
  requires?: readonly string[];
  /** Reject documents with keys that are not fields (default `false`: unknown keys are ignored). */
  strict?: boolean;
  /** Builds an empty instance for deserialize, for classes that cannot be constructed without arguments. */
  factory?: () => T;
  /** Runs after every field of a deserialized instance was written (a cross-field check, derived state). */
  afterDeserialize?: (instance: T) => void;
  /** The registry to register in (default: the shared `registry`). */
  registry?: Registry;
  /**
   * Declares a discriminator key for this class and its subclasses: plain
   * (tag-free) JSON of a position typed with this class carries the key,
   * whose value selects the class (see `discriminatorValue`). Example:
   * `@model({ discriminator: "kind" }) class Shape {}`.
   */
  discriminator?: string;
  /** This class's value of the discriminator key declared by a base model (default: the registered name). */
  discriminatorValue?: string;
  /**
   * What typed plain input (an untagged object read as this model) does with
   * keys that are not fields: `"strip"` drops them, `"reject"` reports each
   * as an issue. Default: `"reject"` for a `strict` model, else `"strip"`;
   * the `unknownKeys` option of `fromPlain` / `deserialize` overrides it.
   */
  unknownKeys?: "strip" | "reject";
}

function fail(cls: string, member: string | undefined, message: string): never {
  throw new ClassDefinitionError(cls, member, message);
}

/** The keys of {@link ModelOptions}: any other is a typo that would be ignored (`unknownkeys: "reject"`), so it is refused. */
const MODEL_OPTION_KEYS = new Set([
  "name",
  "version",
  "migrate",
  "requires",
  "strict",
  "factory",
  "afterDeserialize",
  "registry",
  "discriminator",
  "discriminatorValue",
  "unknownKeys",
]);

function checkOptions(cls: string, o: ModelOptions): void {
  for (const k of Object.keys(o))
    if (!MODEL_OPTION_KEYS.has(k)) fail(cls, undefined, `unknown option ${JSON.stringify(k)} (use ${[...MODEL_OPTION_KEYS].join(", ")})`);
  if (o.version !== undefined && (!Number.isSafeInteger(o.version) || o.version < 1))
    fail(cls, undefined, `version must be a positive integer (got ${formatValue(o.version)})`);
  if (o.migrate !== undefined) {
    if (o.migrate === null || typeof o.migrate !== "object") fail(cls, undefined, "migrate must be an object of version -> function");
    for (const [k, fn] of Object.entries(o.migrate)) {
      const n = Number(k);
      if (!Number.isSafeInteger(n) || n < 1 || n >= (o.version ?? 1))
        fail(cls, undefined, `migrate[${k}]: steps go from 1 to version - 1 (version is ${o.version ?? "not set"})`);
      if (typeof fn !== "function") fail(cls, undefined, `migrate[${k}] must be a function`);
    }
  }
  if (o.requires !== undefined && (!Array.isArray(o.requires) || o.requires.some((r) => typeof r !== "string")))
    fail(cls, undefined, "requires must be an array of member names");
  if (o.factory !== undefined && typeof o.factory !== "function") fail(cls, undefined, "factory must be a function");
  if (o.afterDeserialize !== undefined && typeof o.afterDeserialize !== "function")
    fail(cls, undefined, "afterDeserialize must be a function");
  if (o.unknownKeys !== undefined && o.unknownKeys !== "strip" && o.unknownKeys !== "reject")
    fail(cls, undefined, `unknownKeys must be "strip" or "reject" (got ${formatValue(o.unknownKeys)})`);
  if (
    o.discriminator !== undefined &&
    (typeof o.discriminator !== "string" || o.discriminator === "" || o.discriminator.startsWith("$") || o.discriminator === "__proto__")
  )
    fail(cls, undefined, `discriminator must be a key name not starting with "$" (got ${formatValue(o.discriminator)})`);
  if (o.discriminatorValue !== undefined && (typeof o.discriminatorValue !== "string" || o.discriminatorValue === ""))
    fail(cls, undefined, `discriminatorValue must be a non-empty string (got ${formatValue(o.discriminatorValue)})`);
}

/**
 * Discriminator rules: one key per hierarchy, never a field's wire name, a
 * value only under a declared key, and values unique among the registered
 * models of the hierarchy (in the target registry).
 */
function checkDiscriminator(ctor: Function, o: ModelOptions, cls: string, name: string, target: Registry): void {
  const inherited = discriminatorOf(ctor);
  if (o.discriminator !== undefined && inherited !== undefined)
    fail(
      cls,
      undefined,
      `discriminator: ${inherited.owner.name || "a base model"} already declares the discriminator ${JSON.stringify(inherited.key)}`,
    );
  const key = o.discriminator ?? inherited?.key;
  if (key === undefined) {
    if (o.discriminatorValue !== undefined)
      fail(cls, undefined, 'discriminatorValue needs a discriminator key declared on a base model: @model({ discriminator: "kind" })');
    return;
  }
  for (const [member, rec] of orderedFields(ctor))
    if (!rec.transient && (rec.wireName ?? member) === key)
      fail(
        cls,
        member,
        `the field's wire name ${JSON.stringify(key)} is the discriminator key of the hierarchy (the key is data of plain JSON, not a field)`,
      );
  if (inherited === undefined) return;
  const value = o.discriminatorValue ?? name;
  for (const other of target.names()) {
    let c: Function;
    try {
      c = target.resolve(other);
    } catch {
      continue;
    }
    if (c === ctor || (c !== inherited.owner && !Object.prototype.isPrototypeOf.call(inherited.owner.prototype, c.prototype))) continue;
    const rec = getClassDataChain<ModelRecord>(c, MODEL_NS).at(-1)?.data;
    if (rec !== undefined && (rec.discriminatorValue ?? rec.name) === value)
      fail(cls, undefined, `discriminator value ${JSON.stringify(value)} of ${JSON.stringify(key)} is already used by ${c.name || other}`);
  }
}

/** Class rules: every `requires` of a base model must be present on `ctor`. */
function checkRules(ctor: Function, cls: string): void {
  const chain = getClassDataChain<ModelRecord>(ctor, MODEL_NS).filter((e) => e.owner !== ctor);
  if (chain.length === 0) return;
  const fields = new Set(orderedFields(ctor).map(([k]) => k));
  const managed = descriptorMembers(ctor);
  for (const { owner, data } of chain) {
    for (const member of data.requires) {
      const present = member in (ctor.prototype as object) || fields.has(member) || managed.has(member);
      if (!present) fail(cls, member, `missing required member "${member}" (required by ${owner.name || "a base model"})`);
    }
  }
}

function checkFields(ctor: Function, cls: string): void {
  const seen = new Map<string, string>();
  const fields = orderedFields(ctor);
  for (const [key, rec] of fields) {
    if (rec.transient) continue;
    const wire = rec.wireName ?? key;
    checkWireName(cls, key, wire);
    const other = seen.get(wire);
    if (other !== undefined) fail(cls, key, `wire name ${JSON.stringify(wire)} is already used by field ${other}`);
    seen.set(wire, key);
  }
  // Without @field, the descriptor-managed members are written under their own names.
  if (seen.size === 0) {
    const skip = new Set(fields.map(([k]) => k));
    for (const k of descriptorMembers(ctor).keys()) if (typeof k === "string" && !skip.has(k)) checkWireName(cls, k, k);
  }
}

/**
 * The `toPlain` options of a model's installed `toJSON`: `JSON.stringify(model)`
 * writes the plain JSON an API serves (`toPlain(model, { tags: false })`: no
 * `"$type"`, Dates as ISO strings, ...), which `fromPlain(data, Class)` reads
 * back. `serialize(model)` writes the tagged wire format.
 */
const TO_JSON: SerializeOptions = { tags: false };

/** What `util.inspect` shows of a model, before its other own enumerable properties: every field, then every validated member. */
function modelMembers(ctor: Function): PropertyKey[] {
  const keys: PropertyKey[] = orderedFields(ctor).map(([k]) => k);
  for (const k of descriptorMembers(ctor).keys()) keys.push(k);
  return keys;
}

/** Normalises `@model` arguments. */
function optionsOf(arg: string | ModelOptions | undefined): ModelOptions {
  if (arg === undefined) return {};
  if (typeof arg === "string") return { name: arg };
  if (arg === null || typeof arg !== "object")
    throw new ClassDefinitionError("(class being defined)", undefined, "@model takes a name or an options object");
  return arg;
}

function define<C extends Function>(ctor: C, o: ModelOptions, cls: string): C {
  checkOptions(cls, o);
  const name = o.name ?? ctor.name;
  if (typeof name !== "string" || name === "") fail(cls, undefined, 'an anonymous class needs a name: @model("stable.Name")');
  checkFields(ctor, cls);
  checkRules(ctor, cls);
  const target = o.registry ?? defaultRegistry;
  checkDiscriminator(ctor, o, cls, name, target);
  const record: ModelRecord = {
    name,
    version: o.version ?? 0,
    migrate: { ...(o.migrate ?? {}) },
    requires: [...(o.requires ?? [])],
    strict: o.strict === true,
    factory: o.factory as (() => object) | undefined,
    afterDeserialize: o.afterDeserialize as ((instance: never) => void) | undefined,
    discriminator: o.discriminator,
    discriminatorValue: o.discriminatorValue,
    unknownKeys: o.unknownKeys,
  };
  setClassData(ctor, MODEL_NS, record);
  const finished = finishClass(ctor);
  if (finished !== ctor) setClassData(finished, MODEL_NS, record);
  target.register(name, finished);
  // console.log / util.inspect and JSON.stringify see the fields (never over a user's own toJSON or inspect method).
  installView(finished, { members: modelMembers, toJSON: (instance) => target.toPlain(instance, TO_JSON) });
  return finished;
}

/** The decorator type of `@model(...)`. */
export type ModelDecorator = UniversalDecorator;

/**
 * Registers a class as a serializable model and checks it when it is
 * defined (a class decorator in both dialects). The class must be
 * constructible without arguments (deserialize calls `new Class()` and then
 * writes the fields), or give a `factory`.
 *
 * @example
 * ```ts
 * @model("geo.Point2D")
 * class Point2D {
 *   @field() accessor x = 0;
 *   @field() accessor y = 0;
 *   constructor(x = 0, y = 0) { this.x = x; this.y = y; }
 * }
 * ```
 * @throws {ClassDefinitionError} when the class breaks a rule of a base model (naming the member) or has invalid options.
 * @throws {RegistryError} when the name is already taken.
 */
export function model<T = unknown>(arg?: string | ModelOptions<T>): ModelDecorator {
  const o = optionsOf(arg as string | ModelOptions | undefined);
  return createDecorator({
    name: "@model",
    class: (ctor, d) => {
      const result = define(ctor, o, d.className ?? ctor.name ?? "(anonymous class)");
      return result === ctor ? undefined : result;
    },
  });
}

/** A field entry of {@link defineModel}: `field(...)`, `transient`, a type, or field options. */
export type FieldEntry = UniversalDecorator | FieldType | FieldOptions;

/**
 * The programmatic `@model`: declares the fields and registers the class,
 * for plain JavaScript. Use the returned class (the descriptors layer may
 * return a subclass that routes fields through validators).
 *
 * @example
 * ```ts
 * class Point { constructor(x = 0, y = 0) { this.x = x; this.y = y; } }
 * const P = defineModel(Point, { name: "geo.Point", fields: { x: field(Number), y: field(Number) } });
 * ```
 * @throws {ClassDefinitionError} / {@link RegistryError} as `@model` does.
 */
export function defineModel<C extends Function>(ctor: C, options: ModelOptions & { fields?: Record<string, FieldEntry> } = {}): C {
  if (typeof ctor !== "function" || ctor.prototype === null || typeof ctor.prototype !== "object")
    throw new TypeError(`defineModel(Class, options): Class must be a class (got ${formatValue(ctor)})`);
  if (options === null || typeof options !== "object")
    throw new ClassDefinitionError(
      ctor.name || "(anonymous class)",
      undefined,
      "defineModel takes an options object ({ name, fields, ... })",
    );
  const { fields, ...rest } = options;
  for (const [key, entry] of Object.entries(fields ?? {})) {
    const dec = isFieldDecorator(entry) ? (entry as UniversalDecorator) : field(entry as FieldType | FieldOptions);
    applyDecorator(dec, ctor, key);
  }
  return define(ctor, rest, ctor.name || "(anonymous class)");
}

function isFieldDecorator(x: unknown): boolean {
  return typeof x === "function" && FIELD_DECORATORS.has(x);
}
