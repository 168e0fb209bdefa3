/**
 * How instances of finished classes look to ordinary tools: `util.inspect` /
 * `console.log` (through `Symbol.for("nodejs.util.inspect.custom")`, so
 * nothing here imports `node:util` and the module stays browser-safe) and
 * `JSON.stringify` (through `toJSON`). A validated member lives in the
 * compiler's private `accessor` storage or in a hidden slot, so without
 * these both tools would show only the instance's plain own fields.
 *
 * Installed by `@validated` (and by `@model`, with the registry's `toJSON`);
 * never over a user's own or inherited method of the same name.
 *
 * @module
 */
/**
 * `util.inspect.custom`, by its registered symbol: the same in Node, Bun and bundles, and harmless elsewhere.
 *
 * @example
 * ```ts
 * typeof new LineItem()[INSPECT_CUSTOM]; // "function" once @validated or @model installed it
 * ```
 */
export const INSPECT_CUSTOM: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;
/** Marks functions decorum installed, so a later installation may replace them (shared by every copy of decorum). */
const INSTALLED: unique symbol = Symbol.for("decorum.view.installed") as never;

/** Lists the members a view shows for instances of `ctor`, in order (own enumerable properties follow). */
export type MemberList = (ctor: Function) => Iterable<PropertyKey>;

/** What a class gets: the members to show and, optionally, its `toJSON`. */
export interface ViewOptions {
  /** Members read through their accessors, in order (the instance's other own enumerable properties follow). */
  members: MemberList;
  /** The `toJSON` to install (default: the plain object {@link fieldsOf} builds). */
  toJSON?: (instance: object) => unknown;
}

/** The class an instance was built by: the nearest prototype's own `constructor`, else `fallback`. No user code runs. */
function classOf(instance: object, fallback: Function): Function {
  for (let p: unknown = Object.getPrototypeOf(instance); p !== null && typeof p === "object"; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, "constructor");
    if (d !== undefined) return "value" in d && typeof d.value === "function" ? (d.value as Function) : fallback;
  }
  return fallback;
}

/** A per-class stand-in constructor named like the class, so `util.inspect` prints `Name { … }` for a view. */
const stands = new WeakMap<Function, Function>();

function standInFor(ctor: Function): Function {
  let f = stands.get(ctor);
  if (f === undefined) {
    const name = typeof ctor.name === "string" ? ctor.name : "";
    f = { [name]: class {} }[name] as Function;
    stands.set(ctor, f);
  }
  return f;
}

/** Shown in place of a member whose getter threw (util.inspect only). */
class ReadFailed {
  readonly #text: string;
  constructor(error: unknown) {
    let text: string;
    try {
      text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    } catch {
      text = "an exception";
    }
    this.#text = `[getter threw ${text}]`;
  }
  [INSPECT_CUSTOM](_depth: number, options: { stylize?: (text: string, style: string) => string }): string {
    return typeof options?.stylize === "function" ? options.stylize(this.#text, "special") : this.#text;
  }
}

function put(out: object, key: PropertyKey, value: unknown): void {
  // defineProperty, not assignment: a member named "__proto__" stays data.
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Copies `instance`'s members (read through their accessors, in `members`
 * order), then its other own enumerable properties (as property
 * descriptors, so an own getter is not called), onto `out`.
 */
function fill(out: object, instance: object, members: Iterable<PropertyKey>, strings: boolean, safe: boolean): void {
  const seen = new Set<PropertyKey>();
  for (const key of members) {
    if (seen.has(key) || (strings && typeof key !== "string")) continue;
    seen.add(key);
    let value: unknown;
    try {
      value = (instance as Record<PropertyKey, unknown>)[key];
    } catch (error) {
      if (!safe) throw error;
      value = new ReadFailed(error);
    }
    put(out, key, value);
  }
  for (const key of Reflect.ownKeys(instance)) {
    if (seen.has(key) || (strings && typeof key !== "string")) continue;
    const d = Object.getOwnPropertyDescriptor(instance, key);
    if (d === undefined || !d.enumerable) continue;
    if (strings) put(out, key, "value" in d ? d.value : (instance as Record<PropertyKey, unknown>)[key]);
    else Object.defineProperty(out, key, d);
  }
}

/**
 * The members of an instance as a plain object: its managed (or listed)
 * members read through their accessors, then its own enumerable string-keyed
 * properties. What the installed `toJSON` of a `@validated` class returns.
 *
 * @example
 * ```ts
 * fieldsOf(new LineItem("a", 2), ["sku", "weight"]); // { sku: "a", weight: 2 }
 * ```
 * @throws whatever a getter of the instance throws.
 */
export function fieldsOf(instance: object, members: Iterable<PropertyKey>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fill(out, instance, members, true, false);
  return out;
}

/** `true` when `fn` was installed by decorum (this copy or another). */
function installedByUs(fn: unknown): boolean {
  return typeof fn === "function" && (fn as unknown as Record<symbol, unknown>)[INSTALLED] === true;
}

/** The nearest definition of `key` on `proto`'s chain (no getter is called). */
function lookup(proto: object, key: PropertyKey): PropertyDescriptor | undefined {
  for (let p: object | null = proto; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d !== undefined) return d;
  }
  return undefined;
}

/** Defines `fn` as a non-enumerable method of `proto`, unless the chain already has a user's `key`. */
function installMethod(proto: object, key: PropertyKey, fn: Function): void {
  const found = lookup(proto, key);
  if (found !== undefined && !("value" in found && installedByUs(found.value))) return;
  Object.defineProperty(fn, INSTALLED, { value: true });
  Object.defineProperty(proto, key, { value: fn, writable: true, configurable: true, enumerable: false });
}

/**
 * Installs the inspect view and `toJSON` on `ctor.prototype`, each unless the
 * class defines (or inherits from a user's base class) its own. Idempotent;
 * a later installation (a `@model` over a `@validated` base) replaces an
 * earlier one.
 *
 * @example
 * ```ts
 * installView(LineItem, { members: (c) => descriptorMembers(c).keys() }); // console.log(item) → LineItem { sku: 'a', weight: 2 }
 * ```
 */
export function installView(ctor: Function, options: ViewOptions): void {
  const proto = ctor.prototype as unknown;
  if (proto === null || typeof proto !== "object") return;
  const members = options.members;
  const custom = options.toJSON;
  installMethod(proto, INSPECT_CUSTOM, function inspect(this: unknown, depth: number, inspectOptions: unknown) {
    if (this === null || typeof this !== "object" || this === proto) return this;
    const cls = classOf(this, ctor);
    if (typeof depth === "number" && depth < 0) {
      const stylize = (inspectOptions as { stylize?: unknown } | undefined)?.stylize;
      const text = `[${cls.name || "Object"}]`;
      return typeof stylize === "function" ? (stylize as (t: string, s: string) => string)(text, "special") : text;
    }
    // An object util.inspect formats in place of the instance: same name, every member, no decorum bookkeeping.
    const view = Object.create((standInFor(cls) as { prototype: object }).prototype) as object;
    fill(view, this, members(cls), false, true);
    return view;
  });
  installMethod(
    proto,
    "toJSON",
    custom !== undefined
      ? function toJSON(this: object) {
          return custom(this);
        }
      : function toJSON(this: object) {
          return fieldsOf(this, members(classOf(this, ctor)));
        },
  );
}
