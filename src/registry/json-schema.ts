/**
 * JSON Schema export: `toJSONSchema(Order, options)` describes what typed
 * plain input (`fromPlain(data, Order)`) accepts — or, with
 * `io: "output"`, what `toPlain(x, { tags: false })` writes — in JSON
 * Schema draft 2020-12, draft-07 or the OpenAPI 3.0 schema dialect.
 *
 * The walk follows the same plans and declared types as typed plain input
 * (`plain.ts`), so the two cannot disagree about a model's keys, and it
 * reads the built-in validators from the descriptor records (their
 * {@link Constraint}s). What JSON Schema cannot say (a custom `validate`,
 * the payload of a custom codec, ...) is written into the `description` of
 * the place it applies to, never dropped.
 *
 * @module
 */
import { type Constraint, type DescriptorInfo, descriptorMembers } from "../descriptors/index.js";
import { formatValue } from "../errors.js";
import type { FieldType } from "./field.js";
import { setKey } from "./path.js";
import { type Expect, expectOf, type Family, type PlainLookup, type UnknownKeys } from "./plain.js";
import { type FieldPlan, type ModelPlan, unknownKeyMode } from "./plan.js";
import { registry as defaultRegistry, type PlainView, plainViewOf, type Registry } from "./registry.js";

/** A JSON Schema dialect {@link toJSONSchema} writes. */
export type JSONSchemaTarget = "draft-2020-12" | "draft-07" | "openapi-3.0";

/** A JSON Schema document or subschema, as a plain object. */
export type JSONSchema = Record<string, unknown>;

/** Options of `toJSONSchema`. */
export interface JSONSchemaOptions {
  /**
   * The dialect (default `"draft-2020-12"`). `"openapi-3.0"`: `nullable`
   * instead of `"null"` types, `enum` instead of `const`, boolean
   * `exclusiveMinimum`, `discriminator` objects, nested models under
   * `components.schemas` (references `#/components/schemas/<name>`).
   */
  target?: JSONSchemaTarget;
  /**
   * `false` (default): the plain JSON form, without `"$type"` tags (a
   * position that cannot be read without a tag — a base class with
   * subclasses and no discriminator — is described with its tags). `true`:
   * every typed position accepts both its untagged and its tagged spelling,
   * as the decoder does; this describes any document `serialize` writes,
   * whichever positions it tags.
   */
  tags?: boolean;
  /**
   * `"input"` (default): what `fromPlain(data, Class)` accepts (a field with
   * a default or `optional` may be absent). `"output"`: what
   * `toPlain(x, { tags: false })` writes (every field present unless
   * optional; computed getter fields included); with `tags: true`, what
   * `toPlain(x)` writes.
   */
  io?: "input" | "output";
  /** As the option of `fromPlain`: `"reject"` gives untagged models `additionalProperties: false`. Default: each model's own. */
  unknownKeys?: UnknownKeys;
  /** The registry whose models are described (default: the shared `registry`). */
  registry?: Registry;
}

const TARGETS: ReadonlySet<string> = new Set(["draft-2020-12", "draft-07", "openapi-3.0"]);

/** What decorum's ISO 8601 reader accepts (calendar days past the month's end aside: `format: "date-time"` checks those). */
export const ISO_DATE_PATTERN =
  "^(?!-000000)(?:[+-]\\d{6}|\\d{4})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])(?:[Tt ](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?(?:[Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d))?$";

const BIGINT_PATTERN = "^-?[0-9]+$";
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const SPECIALS: ReadonlyArray<[string, number]> = [
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
  ["-0", -0],
];

/** The rules of one field, as the schema sees them. */
interface FieldRules {
  readonly info: DescriptorInfo | undefined;
  readonly constraints: readonly Constraint[];
  /** Words for what JSON Schema cannot say. */
  readonly notes: string[];
}

/** The lower or upper bound of a number. */
interface Bound {
  value: number;
  exclusive: boolean;
}

function checkOptions(where: string, o: JSONSchemaOptions): void {
  if (o === null || typeof o !== "object") throw new TypeError(`${where}: options must be an object (got ${formatValue(o)})`);
  if (o.target !== undefined && !TARGETS.has(o.target))
    throw new RangeError(`${where}: unsupported target ${formatValue(o.target)} (supported: "draft-2020-12", "draft-07", "openapi-3.0")`);
  if (o.tags !== undefined && typeof o.tags !== "boolean")
    throw new TypeError(`${where}: tags must be true or false (got ${formatValue(o.tags)})`);
  if (o.io !== undefined && o.io !== "input" && o.io !== "output")
    throw new TypeError(`${where}: io must be "input" or "output" (got ${formatValue(o.io)})`);
  if (o.unknownKeys !== undefined && o.unknownKeys !== "strip" && o.unknownKeys !== "reject")
    throw new TypeError(`${where}: unknownKeys must be "strip" or "reject" (got ${formatValue(o.unknownKeys)})`);
}

// biome-ignore lint/suspicious/noExplicitAny: any constructor signature
type AnyClass = abstract new (...args: any[]) => unknown;

/**
 * The JSON Schema of what `fromPlain(data, Class)` accepts (or, with
 * `io: "output"`, of what `toPlain(x, { tags: false })` writes): fields,
 * required and optional keys, nested models as definitions, Dates, Maps,
 * Sets, bigints, discriminated subclasses and the built-in validators. What
 * JSON Schema cannot say (a custom `validate`) is written in a
 * `description`. See {@link JSONSchemaOptions}.
 *
 * @example
 * ```ts
 * toJSONSchema(Order); // { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", ... }
 * toJSONSchema(Order, { target: "openapi-3.0" });
 * toJSONSchema(Order, { registry: myRegistry, tags: true });
 * ```
 * @throws {TypeError} for an argument of the wrong kind; {@link RangeError} for an unsupported target.
 */
export function toJSONSchema(ctor: AnyClass | Function, options: JSONSchemaOptions = {}): JSONSchema {
  checkOptions("toJSONSchema", options);
  if (typeof ctor !== "function") throw new TypeError(`toJSONSchema: expected a class (got ${formatValue(ctor)})`);
  const view = plainViewOf(options.registry ?? defaultRegistry);
  if (view === undefined) throw new TypeError(`toJSONSchema: registry must be a Registry (got ${formatValue(options.registry)})`);
  return new Generator(options, view).document(ctor);
}

class Generator {
  readonly target: JSONSchemaTarget;
  readonly tags: boolean;
  readonly output: boolean;
  readonly unknownKeys: UnknownKeys | undefined;
  readonly look: PlainLookup;
  readonly expects: (f: FieldPlan) => Expect;
  /** Definitions by name, in the order they were first needed. */
  readonly defs = new Map<string, JSONSchema>();
  /** (plan, tagged) -> definition name. */
  readonly names = new Map<ModelPlan, [string | undefined, string | undefined]>();
  readonly used = new Set<string>();
  /** How many references each definition got. */
  readonly refCount = new Map<string, number>();

  constructor(o: JSONSchemaOptions, lookup: PlainView) {
    this.target = o.target ?? "draft-2020-12";
    this.tags = o.tags === true;
    this.output = o.io === "output";
    this.unknownKeys = o.unknownKeys;
    this.look = lookup.look;
    this.expects = lookup.expects;
  }

  document(ctor: Function): JSONSchema {
    const e = expectOf(ctor, this.look);
    let root = this.position(e, { validDate: true, what: ctor.name || "the root" });
    // A root that is one model: its definition inline, unless something else refers to it too.
    const only = typeof root.$ref === "string" && Object.keys(root).length === 1 ? this.nameOfRef(root.$ref) : undefined;
    if (only !== undefined && this.refCount.get(only) === 1) {
      root = this.defs.get(only) as JSONSchema;
      this.defs.delete(only);
    }
    const out: JSONSchema = {};
    if (this.target === "draft-2020-12") out.$schema = "https://json-schema.org/draft/2020-12/schema";
    else if (this.target === "draft-07") out.$schema = "http://json-schema.org/draft-07/schema#";
    Object.assign(out, root);
    if (this.defs.size > 0) {
      const defs = Object.fromEntries(this.defs);
      if (this.target === "draft-2020-12") out.$defs = defs;
      else if (this.target === "draft-07") out.definitions = defs;
      else out.components = { schemas: defs };
    }
    return out;
  }

  // ---- dialect helpers ----

  ref(name: string): JSONSchema {
    this.refCount.set(name, (this.refCount.get(name) ?? 0) + 1);
    const at = this.target === "draft-2020-12" ? "#/$defs/" : this.target === "draft-07" ? "#/definitions/" : "#/components/schemas/";
    return { $ref: at + name.replace(/~/g, "~0").replace(/\//g, "~1") };
  }

  nameOfRef(ref: string): string {
    return ref
      .slice(ref.lastIndexOf("/") + 1)
      .replace(/~1/g, "/")
      .replace(/~0/g, "~");
  }

  constant(v: unknown): JSONSchema {
    return this.target === "openapi-3.0" ? { enum: [v] } : { const: v };
  }

  /** `s` or `null`. */
  nullable(s: JSONSchema): JSONSchema {
    if (this.target === "openapi-3.0") return typeof s.$ref === "string" ? { allOf: [s], nullable: true } : { ...s, nullable: true };
    if (typeof s.type === "string" && s.enum === undefined && s.const === undefined) return { ...s, type: [s.type, "null"] };
    return { anyOf: [s, { type: "null" }] };
  }

  anyOf(list: JSONSchema[], description?: string): JSONSchema {
    const out: JSONSchema = list.length === 1 ? { ...(list[0] as JSONSchema) } : { anyOf: list };
    if (description !== undefined) return describe(out, description);
    return out;
  }

  /** Keywords that refuse a `"$type"` key (an object with one is read as a tag). */
  noTag(): JSONSchema {
    return this.target === "openapi-3.0" ? { not: { required: ["$type"] } } : { propertyNames: { not: { const: "$type" } } };
  }

  /** A `{"$type": tag, "value": payload}` wrapper. */
  wrapped(tag: string, value: JSONSchema | undefined): JSONSchema {
    const properties: JSONSchema = { $type: this.constant(tag) };
    if (value !== undefined) properties.value = value;
    return { type: "object", properties, required: value !== undefined ? ["$type", "value"] : ["$type"] };
  }

  tuple(k: JSONSchema, v: JSONSchema): JSONSchema {
    if (this.target === "draft-2020-12") return { type: "array", prefixItems: [k, v], minItems: 2, maxItems: 2 };
    if (this.target === "draft-07") return { type: "array", items: [k, v], minItems: 2, maxItems: 2 };
    return { type: "array", minItems: 2, maxItems: 2, description: "a [key, value] pair" };
  }

  lower(s: JSONSchema, b: Bound | undefined): void {
    if (b === undefined) return;
    if (this.target === "openapi-3.0") {
      s.minimum = b.value;
      if (b.exclusive) s.exclusiveMinimum = true;
    } else if (b.exclusive) s.exclusiveMinimum = b.value;
    else s.minimum = b.value;
  }

  upper(s: JSONSchema, b: Bound | undefined): void {
    if (b === undefined) return;
    if (this.target === "openapi-3.0") {
      s.maximum = b.value;
      if (b.exclusive) s.exclusiveMaximum = true;
    } else if (b.exclusive) s.exclusiveMaximum = b.value;
    else s.maximum = b.value;
  }

  // ---- positions ----

  /**
   * The schema of a position of type `e` (a field, an array element, the
   * root); `rules` are the field's validators (fields only).
   */
  position(e: Expect, at: { validDate: boolean; what: string }, rules?: FieldRules): JSONSchema {
    const cons = rules?.constraints ?? [];
    if (e === undefined) return this.untyped(cons, rules);
    switch (e.k) {
      case "number":
        return this.number(cons, rules);
      case "string":
        return this.string(cons, rules);
      case "boolean":
        return this.boolean(cons, rules);
      case "bigint":
        return this.bigint(cons, rules);
      case "array":
        return this.array(e.elem, at, cons, rules);
      default: {
        // Date, Map, Set, models, codecs: the built-in validators say nothing JSON can carry.
        const unsat = cons.filter((c) => !implied(c, e));
        const base = this.typed(e, at);
        if (unsat.length > 0) return never(`${unsat.map(words).join(", ")} cannot hold for a ${expectName(e)}: no value is valid`);
        return base;
      }
    }
  }

  typed(e: Exclude<Expect, undefined>, at: { validDate: boolean; what: string }): JSONSchema {
    switch (e.k) {
      case "date": {
        const plain: JSONSchema = { type: "string", format: "date-time", pattern: ISO_DATE_PATTERN };
        if (!this.tags) return plain;
        const value = at.validDate ? { ...plain } : this.nullable({ ...plain });
        return this.anyOf([plain, this.wrapped("Date", value)]);
      }
      case "map": {
        // Element types (`of: [K, V]`): keys and values typed like any position.
        const ke = e.of === undefined ? undefined : expectOf(e.of[0], this.look);
        const ve = e.of === undefined ? undefined : expectOf(e.of[1], this.look);
        const key = ke === undefined ? {} : this.position(ke, at);
        const value = ve === undefined ? {} : this.position(ve, at);
        const pairs: JSONSchema = { type: "array", items: this.tuple(key, value) };
        const list: JSONSchema[] = [];
        // An object form only where keys are strings (a key type other than String needs pairs).
        if (ke === undefined || ke.k === "string") list.push({ type: "object", ...this.noTag(), additionalProperties: value });
        list.push(pairs);
        if (this.tags) list.push(this.wrapped("Map", { ...pairs }));
        const typedWords = e.of === undefined ? "; keys and values are not typed" : "";
        return this.anyOf(
          list,
          `a Map: ${ke === undefined || ke.k === "string" ? "an object (string keys) or " : ""}an array of [key, value] pairs${typedWords}; an entry list must not repeat a key`,
        );
      }
      case "set": {
        const ee = e.of === undefined ? undefined : expectOf(e.of, this.look);
        const elems: JSONSchema = { type: "array" };
        if (ee !== undefined) elems.items = this.position(ee, at);
        // Primitive elements are compared by value: JSON Schema's uniqueItems says the same.
        const primitive = ee !== undefined && (ee.k === "string" || ee.k === "number" || ee.k === "boolean" || ee.k === "bigint");
        if (primitive) elems.uniqueItems = true;
        const list = [elems];
        if (this.tags) list.push(this.wrapped("Set", { ...elems }));
        const words =
          ee === undefined
            ? "a Set: an array whose elements are not typed; primitive elements must not repeat"
            : primitive
              ? "a Set: an array of distinct elements"
              : "a Set: an array (objects are distinct by identity, so equal-looking ones may repeat)";
        return this.anyOf(list, ee?.k === "bigint" ? `${words}; "1" and 1 are the same bigint` : words);
      }
      case "codec":
        return { description: `the payload of the registered type ${JSON.stringify(e.codec.name)} (its codec decides what it accepts)` };
      case "model":
        return this.model(e.ctor);
      default:
        return this.position(e, at);
    }
  }

  /** A position typed with a model class: its family decides (discriminator, tags). */
  model(ctor: Function): JSONSchema {
    const fam = this.look.family(ctor) as Family;
    const members = [...fam.byValue.values()];
    const list: JSONSchema[] = [];
    const notes: string[] = [];
    const key = fam.key;
    if (!fam.polymorphic && fam.self !== undefined) list.push(this.ref(this.defName(fam.self, false)));
    else if (key !== undefined) {
      const variants = members.map((p) => this.ref(this.defName(p, false)));
      const poly: JSONSchema = {
        type: "object",
        properties: { [key]: { type: "string", enum: members.map((p) => p.discriminatorValue) } },
        required: [key],
        oneOf: variants,
      };
      if (this.target === "openapi-3.0")
        poly.discriminator = {
          propertyName: key,
          mapping: Object.fromEntries(members.map((p, i) => [p.discriminatorValue, (variants[i] as JSONSchema).$ref])),
        };
      list.push(poly);
    } else notes.push(`${ctor.name || "the class"} has registered subclasses and no discriminator: an object here needs its "$type" tag`);
    if (this.tags || list.length === 0) {
      const tagged = members.map((p) => this.ref(this.defName(p, true)));
      list.push(tagged.length === 1 ? (tagged[0] as JSONSchema) : { oneOf: tagged });
    }
    return this.anyOf(list, notes.length > 0 ? notes.join("; ") : undefined);
  }

  /** The definition name of a model's untagged or tagged form, building the definition on first use. */
  defName(plan: ModelPlan, tagged: boolean): string {
    let pair = this.names.get(plan);
    if (pair === undefined) {
      pair = [undefined, undefined];
      this.names.set(plan, pair);
    }
    const have = pair[tagged ? 1 : 0];
    if (have !== undefined) return have;
    const safe = this.target === "openapi-3.0" ? plan.name.replace(/[^A-Za-z0-9._-]/g, "_") : plan.name;
    let name = tagged ? `${safe}.tagged` : safe;
    for (let i = 2; this.used.has(name); i++) name = `${tagged ? `${safe}.tagged` : safe}.${i}`;
    this.used.add(name);
    pair[tagged ? 1 : 0] = name;
    this.defs.set(name, {}); // reserved: recursive models refer to it while it is built
    this.defs.set(name, this.modelDef(plan, tagged));
    return name;
  }

  modelDef(plan: ModelPlan, tagged: boolean): JSONSchema {
    const properties: JSONSchema = {};
    const required: string[] = [];
    const out: JSONSchema = { type: "object", title: plan.ctor.name || plan.name };
    const notes: string[] = [];
    if (tagged) {
      properties.$type = this.constant(plan.name);
      required.push("$type");
      if (plan.version > 0) {
        properties.$version = this.constant(plan.version);
        if (plan.version > 1) required.push("$version");
        if (plan.version > 1 || Object.keys(plan.migrate).length > 0)
          notes.push(`documents of an older "$version" are migrated first; only version ${plan.version} is described`);
      }
    } else if (plan.discriminator !== undefined) {
      setKey(properties, plan.discriminator, this.constant(plan.discriminatorValue));
      if (this.output) required.push(plan.discriminator);
    }
    const reject = tagged ? plan.strict : unknownKeyMode(plan, this.unknownKeys) === "reject";
    if (plan.mode === "own") {
      const keys = new Set([...plan.descriptorKeys, ...plan.freshKeys()]);
      for (const k of keys) if (!k.startsWith("$") && !plan.transient.has(k)) setKey(properties, k, {});
      notes.push("a model without @field: its own data properties, untyped");
    } else {
      const inputs = new Set(plan.inputs);
      for (const f of plan.fields) {
        const computed = !inputs.has(f);
        if (computed && !this.output) continue;
        setKey(properties, f.wire, this.field(plan, f));
        if (this.output ? !f.optional : !f.optional && !f.hasDefault) required.push(f.wire);
      }
    }
    if (tagged && plan.strict) properties.$id = { type: "integer", minimum: 0 };
    out.properties = properties;
    if (required.length > 0) out.required = required;
    if (reject || this.output) out.additionalProperties = false;
    else if (!tagged) Object.assign(out, this.noTag());
    if (notes.length > 0) out.description = notes.join("; ");
    return out;
  }

  /** The schema of one field: its declared type, its validators, `null` when optional. */
  field(plan: ModelPlan, f: FieldPlan): JSONSchema {
    const rules = this.rulesOf(plan, f);
    let s = this.position(this.expects(f), { validDate: f.validDate, what: `${plan.ctor.name || plan.name}.${f.key}` }, rules);
    if (rules.notes.length > 0) s = describe(s, `decorum also checks: ${rules.notes.join("; ")}`);
    // `null` reaches an optional field's validators (which may refuse it); an absent key does not.
    if (f.optional && (rules.info === undefined || safeCheck(rules.info, null))) s = this.nullable(s);
    // A tagged `undefined` (what the fully tagged format writes for an absent optional value).
    if (this.tags && f.optional && (rules.info === undefined || safeCheck(rules.info, undefined)))
      s = this.anyOf([s, this.wrapped("undefined", undefined)]);
    return s;
  }

  rulesOf(plan: ModelPlan, f: FieldPlan): FieldRules {
    const info = descriptorMembers(plan.ctor).get(f.key);
    const constraints: Constraint[] = [];
    const notes: string[] = [];
    if (info !== undefined) {
      const coerced = info.rules.some((r) => r.coerces);
      for (const r of info.rules) {
        if (r.readonly) continue;
        if (r.constraint !== undefined && !coerced) constraints.push(r.constraint);
        else if (r.constraint !== undefined) notes.push(`${words(r.constraint)} (after a coercion)`);
        else notes.push(`${JSON.stringify(r.name)}${r.message !== "is invalid" ? ` (${r.message})` : ""}, a custom validator`);
      }
    }
    return { info, constraints, notes };
  }

  // ---- primitives with validators ----

  number(cons: readonly Constraint[], rules: FieldRules | undefined, integerOnly = false): JSONSchema {
    const s: JSONSchema = { type: integerOnly ? "integer" : "number" };
    const unsat: string[] = [];
    let lo: Bound | undefined;
    let hi: Bound | undefined;
    const raise = (b: Bound) => {
      if (lo === undefined || b.value > lo.value || (b.value === lo.value && b.exclusive)) lo = b;
    };
    const drop = (b: Bound) => {
      if (hi === undefined || b.value < hi.value || (b.value === hi.value && b.exclusive)) hi = b;
    };
    let values: unknown[] | undefined;
    for (const c of cons) {
      switch (c.kind) {
        case "positive":
          raise({ value: 0, exclusive: true });
          break;
        case "nonNegative":
          raise({ value: 0, exclusive: false });
          break;
        case "integer":
          s.type = "integer";
          break;
        case "finite":
          break;
        case "range":
          if (Number.isFinite(c.min)) raise({ value: c.min, exclusive: false });
          if (Number.isFinite(c.max)) drop({ value: c.max, exclusive: false });
          break;
        case "oneOf":
          values = (values ?? c.values).filter((v) => c.values.includes(v));
          break;
        case "typed":
          if (c.type !== Number) unsat.push(words(c));
          break;
        default:
          unsat.push(words(c));
      }
    }
    if (unsat.length > 0) return never(`${unsat.join(", ")} cannot hold for a number: no value is valid`);
    this.lower(s, lo);
    this.upper(s, hi);
    if (values !== undefined)
      s.enum = values.filter((v) => typeof v === "number" && Number.isFinite(v)).map((v) => (Object.is(v, -0) ? 0 : v));
    if (!this.tags) return s;
    // Tagged NaN / ±Infinity / -0: allowed where the field's validators accept them.
    const specials = SPECIALS.filter(([, n]) => rules?.info === undefined || safeCheck(rules.info, n)).map(([t]) => t);
    if (specials.length === 0) return s;
    return this.anyOf([s, this.wrapped("number", { type: "string", enum: specials })]);
  }

  string(cons: readonly Constraint[], _rules: FieldRules | undefined): JSONSchema {
    const s: JSONSchema = { type: "string" };
    const unsat: string[] = [];
    const patterns: string[] = [];
    const notes: string[] = [];
    for (const c of cons) {
      switch (c.kind) {
        case "pattern": {
          const p = expressiblePattern(c);
          if (p !== undefined) patterns.push(p);
          else notes.push(`${words(c)} (flags JSON Schema patterns cannot carry)`);
          break;
        }
        case "length":
          if (c.min > 0) s.minLength = Math.max(c.min, (s.minLength as number | undefined) ?? 0);
          if (Number.isFinite(c.max)) s.maxLength = Math.min(c.max, (s.maxLength as number | undefined) ?? c.max);
          break;
        case "oneOf":
          s.enum = ((s.enum as unknown[] | undefined) ?? c.values).filter((v) => typeof v === "string" && c.values.includes(v));
          break;
        case "typed":
          if (c.type !== String) unsat.push(words(c));
          break;
        default:
          unsat.push(words(c));
      }
    }
    if (unsat.length > 0) return never(`${unsat.join(", ")} cannot hold for a string: no value is valid`);
    addPatterns(s, patterns);
    if (s.minLength !== undefined || s.maxLength !== undefined)
      notes.push("lengths count UTF-16 code units (JSON Schema counts code points: they differ past U+FFFF)");
    return notes.length > 0 ? describe(s, notes.join("; ")) : s;
  }

  boolean(cons: readonly Constraint[], _rules: FieldRules | undefined): JSONSchema {
    const s: JSONSchema = { type: "boolean" };
    const unsat: string[] = [];
    for (const c of cons) {
      if (c.kind === "oneOf")
        s.enum = ((s.enum as unknown[] | undefined) ?? c.values).filter((v) => typeof v === "boolean" && c.values.includes(v));
      else if (!(c.kind === "typed" && c.type === Boolean)) unsat.push(words(c));
    }
    return unsat.length > 0 ? never(`${unsat.join(", ")} cannot hold for a boolean: no value is valid`) : s;
  }

  bigint(cons: readonly Constraint[], _rules: FieldRules | undefined): JSONSchema {
    let sign: "any" | "positive" | "nonNegative" = "any";
    let values: bigint[] | undefined;
    const unsat: string[] = [];
    for (const c of cons) {
      switch (c.kind) {
        case "positive":
          sign = "positive";
          break;
        case "nonNegative":
          if (sign === "any") sign = "nonNegative";
          break;
        case "integer":
        case "finite":
          break;
        case "oneOf":
          values = (values ?? (c.values.filter((v) => typeof v === "bigint") as bigint[])).filter((v) => c.values.includes(v));
          break;
        case "typed":
          if (c.type !== BigInt) unsat.push(words(c));
          break;
        default:
          unsat.push(words(c));
      }
    }
    if (unsat.length > 0) return never(`${unsat.join(", ")} cannot hold for a bigint: no value is valid`);
    if (values !== undefined) {
      values = values.filter((v) => (sign === "positive" ? v > 0n : sign === "nonNegative" ? v >= 0n : true));
      if (values.length === 0) return never("no bigint is one of the allowed values");
    }
    const text: JSONSchema = { type: "string" };
    const int: JSONSchema = { type: "integer" };
    if (values !== undefined) {
      text.pattern = `^(?:${values.map((v) => (v > 0n ? `0*${v}` : v < 0n ? `-0*${-v}` : "-?0+")).join("|")})$`;
      int.enum = values.filter((v) => v >= -BigInt(MAX_SAFE) && v <= BigInt(MAX_SAFE)).map(Number);
    } else {
      text.pattern = sign === "positive" ? "^0*[1-9][0-9]*$" : sign === "nonNegative" ? "^(?:[0-9]+|-0+)$" : BIGINT_PATTERN;
      this.lower(int, { value: sign === "positive" ? 0 : sign === "nonNegative" ? 0 : -MAX_SAFE, exclusive: sign === "positive" });
      this.upper(int, { value: MAX_SAFE, exclusive: false });
    }
    const list = [text, int];
    if (this.tags) list.push(this.wrapped("bigint", { ...text }));
    return this.anyOf(list, "a bigint: a decimal integer string, or a safe integer number");
  }

  array(
    elem: FieldType | undefined,
    at: { validDate: boolean; what: string },
    cons: readonly Constraint[],
    _rules: FieldRules | undefined,
  ): JSONSchema {
    const s: JSONSchema = { type: "array" };
    const e = elem === undefined ? undefined : expectOf(elem, this.look);
    if (e !== undefined) s.items = this.position(e, at);
    const unsat: string[] = [];
    for (const c of cons) {
      if (c.kind === "length") {
        if (c.min > 0) s.minItems = Math.max(c.min, (s.minItems as number | undefined) ?? 0);
        if (Number.isFinite(c.max)) s.maxItems = Math.min(c.max, (s.maxItems as number | undefined) ?? c.max);
      } else if (!(c.kind === "typed" && c.type === Array)) unsat.push(words(c));
    }
    return unsat.length > 0 ? never(`${unsat.join(", ")} cannot hold for an array: no value is valid`) : s;
  }

  /** A position without a declared type: any JSON value, narrowed by the validators. */
  untyped(cons: readonly Constraint[], rules: FieldRules | undefined): JSONSchema {
    if (cons.length === 0) return {};
    const numeric = cons.some(
      (c) => c.kind === "positive" || c.kind === "nonNegative" || c.kind === "integer" || c.kind === "finite" || c.kind === "range",
    );
    const typedTo = cons.find((c): c is Extract<Constraint, { kind: "typed" }> => c.kind === "typed");
    if (numeric || typedTo?.type === Number) {
      const s = this.number(cons, rules);
      return this.tags ? describe(s, 'a tagged bigint ({"$type":"bigint",...}) may pass these validators too') : s;
    }
    if (typedTo?.type === String || cons.some((c) => c.kind === "pattern")) return this.string(cons, rules);
    if (typedTo?.type === Boolean) return this.boolean(cons, rules);
    if (typedTo !== undefined && typedTo.type !== Array) return describe({}, `must be ${words(typedTo)}`);
    const out: JSONSchema = {};
    const lengths = cons.filter((c) => c.kind === "length");
    if (lengths.length > 0 || typedTo?.type === Array) {
      const arr = this.array(
        undefined,
        { validDate: true, what: "" },
        cons.filter((c) => c.kind !== "oneOf"),
        rules,
      );
      if (typedTo?.type === Array) return arr;
      return {
        anyOf: [
          this.string(
            cons.filter((c) => c.kind !== "oneOf"),
            rules,
          ),
          arr,
        ],
      };
    }
    for (const c of cons) {
      if (c.kind === "oneOf") {
        const json = c.values.filter(
          (v) => v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)),
        );
        out.enum = ((out.enum as unknown[] | undefined) ?? json).filter((v) => json.includes(v));
      }
    }
    return out;
  }
}

/** `true` when a constraint says nothing more than the declared type already does. */
function implied(c: Constraint, e: Exclude<Expect, undefined>): boolean {
  if (c.kind !== "typed") return false;
  switch (e.k) {
    case "date":
      return c.type === Date;
    case "map":
      return c.type === Map;
    case "set":
      return c.type === Set;
    case "model":
      return Object.prototype.isPrototypeOf.call(c.type.prototype, e.ctor.prototype) || c.type === e.ctor;
    case "codec":
      return (
        typeof e.codec.type === "function" &&
        (c.type === e.codec.type || Object.prototype.isPrototypeOf.call(c.type.prototype, e.codec.type.prototype))
      );
    default:
      return false;
  }
}

function expectName(e: Exclude<Expect, undefined>): string {
  switch (e.k) {
    case "model":
      return e.ctor.name || "model";
    case "codec":
      return e.codec.name;
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

/** A validator in words, for descriptions. */
function words(c: Constraint): string {
  switch (c.kind) {
    case "range":
      return `range(${c.min}, ${c.max})`;
    case "length":
      return `length(${c.min}${Number.isFinite(c.max) ? `, ${c.max}` : ""})`;
    case "oneOf":
      return `oneOf(${c.values.map((v) => formatValue(v)).join(", ")})`;
    case "pattern":
      return `pattern(/${c.source}/${c.flags})`;
    case "typed":
      return `typed(${c.type.name || "a class"})`;
    default:
      return c.kind;
  }
}

/** The schema no value satisfies, saying why. */
function never(why: string): JSONSchema {
  return { not: {}, description: why };
}

function describe(s: JSONSchema, text: string): JSONSchema {
  const had = s.description;
  return { ...s, description: typeof had === "string" && had !== "" ? `${had}; ${text}` : text };
}

function addPatterns(s: JSONSchema, patterns: readonly string[]): void {
  if (patterns.length === 1) s.pattern = patterns[0];
  else if (patterns.length > 1) s.allOf = patterns.map((p) => ({ pattern: p }));
}

/**
 * The pattern as JSON Schema says it (ECMAScript syntax with the `u` flag,
 * no other flags), or `undefined` when the flags change its meaning.
 */
function expressiblePattern(c: Extract<Constraint, { kind: "pattern" }>): string | undefined {
  if (/[imsv]/.test(c.flags)) return undefined;
  try {
    new RegExp(c.source, "u");
  } catch {
    return undefined;
  }
  return c.source;
}

/** Whether the member's validators accept `v` (a validator that throws counts as refusing). */
function safeCheck(info: DescriptorInfo, v: unknown): boolean {
  try {
    return info.check(v).length === 0;
  } catch {
    return false;
  }
}
