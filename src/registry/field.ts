/**
 * `@field`, `@transient` and `field(...)`: which members of a model are
 * written, under what name, with what type. The data lands in the class
 * metadata under the namespace `"registry.field"`; the registry turns it into
 * a per-class plan (see `plan.ts`).
 *
 * @module
 */
import { createDecorator, type Decoration, memberName, UNKNOWN_CLASS, type UniversalDecorator } from "../decorators/dialect.js";
import { getOwnMemberData, setMemberData } from "../decorators/metadata.js";
import { ClassDefinitionError, formatValue } from "../errors.js";

/** Metadata namespace of field declarations. */
export const FIELD_NS = "registry.field";

/**
 * A field type: a constructor (`Number`, `String`, `Boolean`, `BigInt`,
 * `Date`, `Map`, a model class, ...), a one-element array for "array of"
 * (`[LineItem]`), or a thunk returning either (`() => Child`, for classes
 * declared later). `Object` (or no type) means "any value".
 */
export type FieldType = Function | readonly [FieldType] | (() => Function | readonly [FieldType]);

/** Options of {@link field}. */
export interface FieldOptions {
  /** Type checked on deserialize (the wire format is self-describing either way). */
  type?: FieldType;
  /** The key may be missing (the constructor's value is kept) and the value may be `null` / `undefined`. */
  optional?: boolean;
  /** Value used when the key is missing; a function is called once per instance. */
  default?: unknown;
  /** Name of the key in the document, when it differs from the member name. Must not start with `$`. */
  wireName?: string;
  /**
   * For a `Date` (or `[Date]`) field: accept an invalid date (`new Date(NaN)`,
   * written as `{"$type":"Date","value":null}`). Default `false`: such a
   * field refuses an invalid date on the way in and on the way out.
   */
  invalidDate?: boolean;
  /**
   * Element types of a container field, checked on deserialize and used to
   * write elements without tags: `{ type: Map, of: [String, Number] }` (key
   * and value types), `{ type: Set, of: Date }`, `{ type: Array, of: LineItem }`
   * (the same as `type: [LineItem]`).
   */
  of?: FieldType | readonly [FieldType, FieldType];
}

/** What is recorded per member under {@link FIELD_NS}. */
export interface FieldRecord {
  readonly transient: boolean;
  readonly type: FieldType | undefined;
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly wireName: string | undefined;
  readonly invalidDate: boolean;
  /** Element types of a `Map` (`[key, value]`) or `Set` (`[element]`) field; arrays say `[T]` in `type`. */
  readonly of: readonly FieldType[] | undefined;
  /** 0 for accessors / getters (decorated first under standard decorators), 1 for plain fields. */
  readonly rank: 0 | 1;
}

function isOptions(x: unknown): x is FieldOptions {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** Normalises `@field(...)` / `field(...)` arguments into a record (without rank). */
export function fieldRecord(arg: FieldType | FieldOptions | undefined, rank: 0 | 1): FieldRecord {
  const o: FieldOptions = isOptions(arg) ? arg : arg === undefined ? {} : { type: arg as FieldType };
  // `{ type: Array, of: T }` is `[T]`; Map and Set keep their element types beside the type.
  const isArray = o.type === Array && o.of !== undefined;
  const of = o.of === undefined || isArray ? undefined : o.type === Map ? (o.of as readonly FieldType[]) : [o.of as FieldType];
  return {
    transient: false,
    type: isArray ? [o.of as FieldType] : o.type,
    of,
    optional: o.optional === true,
    hasDefault: "default" in o,
    default: o.default,
    wireName: o.wireName,
    invalidDate: o.invalidDate === true,
    rank,
  };
}

/** Treat `design:type` as a type only when it says something (`Object` means "unknown"). */
function inferred(d: Decoration): FieldType | undefined {
  const t = d.designType;
  if (typeof t !== "function" || t === Object || t === Function) return undefined;
  if (t === Array) return [Object];
  return t;
}

function checkMember(d: Decoration, what: string): string {
  const cls = d.className ?? UNKNOWN_CLASS;
  if (d.isStatic) throw new ClassDefinitionError(cls, memberName(d.name), `${what} cannot decorate a static member`);
  if (d.isPrivate || typeof d.name !== "string")
    throw new ClassDefinitionError(cls, memberName(d.name), `${what} needs a public, string-named member (JSON keys are strings)`);
  if (d.name === "__proto__" || d.name === "constructor")
    throw new ClassDefinitionError(
      cls,
      d.name,
      `${what}: "${d.name}" cannot be a field (it would replace the ${d.name === "constructor" ? "class reference" : "prototype"} of instances)`,
    );
  return d.name;
}

/**
 * Validates a wire name (a `wireName`, or a member name that is its own wire
 * name) at definition time: keys starting with `$` (`$type`, `$id`,
 * `$version`, ...) belong to the wire format.
 */
export function checkWireName(className: string, member: string, wire: string): void {
  if (typeof wire !== "string" || wire === "" || wire.startsWith("$") || wire === "__proto__")
    throw new ClassDefinitionError(
      className,
      member,
      `invalid wire name ${JSON.stringify(wire)}: keys starting with "$" are reserved by the wire format ($type, $id, $version), "__proto__" and "" are not allowed${
        typeof wire === "string" && wire.startsWith("$") && wire === member
          ? ' (give the field another wireName: @field({ wireName: "type" }))'
          : ""
      }`,
    );
}

const OPTION_KEYS: ReadonlySet<string> = new Set(["type", "optional", "default", "wireName", "invalidDate", "of"]);

/** `true` for what a field type may be: a class or thunk, or `[T]` of one. */
export function isFieldType(t: unknown): boolean {
  if (typeof t === "function") return true;
  return Array.isArray(t) && t.length === 1 && isFieldType(t[0]);
}

/** Checks `@field(...)` arguments at definition time (`of` against `type` included). */
function checkArgument(className: string, member: string, arg: FieldType | FieldOptions | undefined, what: string): void {
  const bad = (message: string): never => {
    throw new ClassDefinitionError(className, member, `${what}: ${message}`);
  };
  const o = isOptions(arg) ? arg : undefined;
  if (o !== undefined)
    for (const k of Object.keys(o))
      if (!OPTION_KEYS.has(k)) bad(`unknown option ${JSON.stringify(k)} (use type, of, optional, default, wireName, invalidDate)`);
  const type = o !== undefined ? o.type : arg;
  if (type !== undefined && !isFieldType(type)) bad(`invalid type ${formatValue(type)}; ${TYPE_HINT}`);
  if (o === undefined) return;
  for (const k of ["optional", "invalidDate"] as const)
    if (o[k] !== undefined && typeof o[k] !== "boolean") bad(`${k} must be true or false (got ${formatValue(o[k])})`);
  const of = o.of;
  if (of === undefined) return;
  if (type === Map) {
    if (!Array.isArray(of) || of.length !== 2 || !isFieldType(of[0]) || !isFieldType(of[1]))
      bad(`of for a Map is [keyType, valueType] (e.g. of: [String, Number]; got ${formatValue(of)}); ${TYPE_HINT}`);
    return;
  }
  if (type !== Set && type !== Array)
    bad(`of (element types) needs type: Map, Set or Array (got type ${formatValue(type)}); for an array you may also write type: [T]`);
  if (!isFieldType(of)) bad(`invalid element type ${formatValue(of)}; ${TYPE_HINT}`);
}

/** How to spell a field type, for messages. */
export const TYPE_HINT =
  "expected a class (Number, String, Boolean, BigInt, Date, Map, a model, ...), [Type] for an array of Type, or a thunk () => Type";

function record(d: Decoration, arg: FieldType | FieldOptions | undefined, what: string): void {
  const name = checkMember(d, what);
  checkArgument(d.className ?? UNKNOWN_CLASS, name, arg, what);
  const rank: 0 | 1 = d.kind === "field" ? 1 : 0;
  let rec = fieldRecord(arg, rank);
  if (rec.type === undefined) {
    const t = inferred(d);
    if (t !== undefined) rec = { ...rec, type: t };
  }
  // A member's own name is its wire name unless `wireName` says otherwise: both are checked, here when
  // the class name is known (legacy decorators), else by @model / defineModel, which name the class.
  if (rec.wireName !== undefined) checkWireName(d.className ?? UNKNOWN_CLASS, name, rec.wireName);
  else if (d.className !== undefined) checkWireName(d.className, name, name);
  // `@transient` wins whichever order the two decorators are applied in.
  if (getOwnMemberData<FieldRecord>(d.metadata, name, FIELD_NS)?.transient) return;
  setMemberData(d.metadata, name, FIELD_NS, rec);
}

/** The decorator type of `@field(...)` and `@transient`: plain fields, `accessor` fields and getters, both dialects. */
export type FieldDecorator = UniversalDecorator;

/**
 * Marks a member as serialized. Works on plain fields and `accessor` fields
 * (and on getter/setter pairs) in both decorator dialects. The type is
 * optional: under legacy decorators with `emitDecoratorMetadata` it is
 * inferred from `design:type` (where that says more than `Object`).
 *
 * @example
 * ```ts
 * @model() class Order {
 *   @field() accessor id = "";
 *   @field(Date) placed = new Date(0);
 *   @field([LineItem]) lines: LineItem[] = [];
 *   @field({ optional: true, wireName: "note_text" }) note?: string;
 * }
 * ```
 * @throws {ClassDefinitionError} on a static, private or symbol-named member, or a reserved wire name.
 */
export function field(arg?: FieldType | FieldOptions): FieldDecorator {
  return fieldDecorator("@field", (d) => record(d, arg, "@field"));
}

/** A decorator of plain fields, `accessor` fields and getters that runs `apply` on the decoration, listed in {@link FIELD_DECORATORS}. */
function fieldDecorator(name: string, apply: (d: Decoration) => void): FieldDecorator {
  const dec = createDecorator({
    name,
    field: (d) => void apply(d),
    accessor: (_t, d) => void apply(d),
    getter: (_f, d) => void apply(d),
  });
  FIELD_DECORATORS.add(dec);
  return dec;
}

/** Decorators made by {@link field} and {@link transient}, so `defineModel` can tell them from types. */
export const FIELD_DECORATORS: WeakSet<Function> = new WeakSet();

/**
 * Marks a member as never serialized: excluded from a model without
 * `@field`s (which otherwise writes its own enumerable properties), and
 * removes a field inherited from a base model.
 *
 * @example
 * ```ts
 * @model() class Session { user = ""; @transient cache = new Map(); }
 * ```
 * @throws {ClassDefinitionError} on a static or private member.
 */
export const transient: FieldDecorator = /* @__PURE__ */ fieldDecorator("@transient", mark);

function mark(d: Decoration): void {
  const name = checkMember(d, "@transient");
  setMemberData(d.metadata, name, FIELD_NS, { ...fieldRecord(undefined, d.kind === "field" ? 1 : 0), transient: true });
}
