/**
 * class-transformer interop: lets a decorum model go through
 * class-transformer's `plainToInstance` / `instanceToPlain` with the right
 * nested types, by writing into class-transformer's metadata storage what
 * its decorators would have written for the model's `@field`s:
 *
 * | decorum                          | class-transformer equivalent                                     |
 * | -------------------------------- | ---------------------------------------------------------------- |
 * | model with `@field`s             | `@Exclude()` on the class, `@Expose()` on every field            |
 * | `@field({ wireName: "n" })`      | `@Expose({ name: "n" })`                                         |
 * | `@transient`                     | `@Exclude()`                                                     |
 * | `@field(Date)`, `@field(Model)`  | `@Type(() => Date)`, `@Type(() => Model)`                        |
 * | `@field([Model])`                | `@Type(() => Model)` on an `Array` property                      |
 * | `@field(Map)`, `@field(Set)`     | `@Type(() => Object)` on a `Map` / `Set` property                |
 * | field typed as a base model with registered subclasses | `@Type(() => Base, { discriminator: { property: "$type", subTypes } })` |
 *
 * class-transformer stays an optional peer dependency: nothing here loads
 * it until {@link enableClassTransformerInterop} is called, and then it is
 * looked up with `createRequire` (or handed in as `options.storage`).
 *
 * @module
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { descriptorMembers } from "../descriptors/index.js";
import { RegistryError } from "../errors.js";
import type { FieldRecord, FieldType } from "./field.js";
import { orderedFields } from "./plan.js";
import { registry as defaultRegistry, type Registry } from "./registry.js";

/** The tag key of decorum's wire format, also used as class-transformer's discriminator property. */
const TAG = "$type";

/** The part of class-transformer's `MetadataStorage` (`defaultMetadataStorage`) the interop writes to. */
export interface ClassTransformerStorage {
  /** Records a `@Type(() => T)` for a property. */
  addTypeMetadata(metadata: {
    target: Function;
    propertyName: string;
    reflectedType: unknown;
    typeFunction: (options?: unknown) => Function;
    options: Record<string, unknown>;
  }): void;
  /** Records an `@Expose()` for a class or a property. */
  addExposeMetadata(metadata: { target: Function; propertyName: string | undefined; options: Record<string, unknown> }): void;
  /** Records an `@Exclude()` for a class or a property. */
  addExcludeMetadata(metadata: { target: Function; propertyName: string | undefined; options: Record<string, unknown> }): void;
}

/** Options of {@link enableClassTransformerInterop}. */
export interface ClassTransformerInteropOptions {
  /** The registry whose models are described (default: the shared `registry`). */
  registry?: Registry;
  /**
   * class-transformer's `defaultMetadataStorage`. Default: loaded from the
   * installed `class-transformer` package (`class-transformer/cjs/storage`,
   * the copy Node's `import` and `require` of "class-transformer" both use).
   * Pass it explicitly when a bundler picks another build
   * (`import { defaultMetadataStorage } from "class-transformer/esm5/storage"`).
   */
  storage?: ClassTransformerStorage;
}

/** What {@link enableClassTransformerInterop} returns. */
export interface ClassTransformerInterop {
  /** The storage written to. */
  readonly storage: ClassTransformerStorage;
  /**
   * Describes every model registered now (call again after defining more
   * models; describing a model twice is harmless). Returns the number of models described.
   */
  sync(): number;
}

declare const __filename: string | undefined;

function isStorage(x: unknown): x is ClassTransformerStorage {
  const s = x as Partial<ClassTransformerStorage> | null;
  return (
    s !== null &&
    typeof s === "object" &&
    typeof s.addTypeMetadata === "function" &&
    typeof s.addExposeMetadata === "function" &&
    typeof s.addExcludeMetadata === "function"
  );
}

/**
 * This module's own file, in the CommonJS build (`__filename`) and the ES
 * module build alike (both compile from this source, so no `import.meta`):
 * the file name of the current V8 call site.
 */
function ownFile(): string | undefined {
  if (typeof __filename === "string") return __filename;
  const previous = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    const name = (new Error().stack as unknown as NodeJS.CallSite[])[0]?.getFileName();
    if (typeof name !== "string") return undefined;
    return name.startsWith("file:") ? fileURLToPath(name.replace(/[?#].*$/, "")) : name;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** Finds class-transformer's storage next to this module or the working directory; `undefined` when not installed. */
function loadStorage(): ClassTransformerStorage | undefined {
  const bases = [ownFile(), join(process.cwd(), "noop.js")];
  for (const base of bases) {
    if (base === undefined) continue;
    try {
      const storage = (createRequire(base)("class-transformer/cjs/storage") as { defaultMetadataStorage?: unknown }).defaultMetadataStorage;
      if (isStorage(storage)) return storage;
    } catch {
      // not resolvable from this base: try the next one
    }
  }
  return undefined;
}

/** A thunk (`() => Child`) has no prototype; a class does. */
function resolveType(t: FieldType | undefined): Function | readonly [FieldType] | undefined {
  if (t === undefined) return undefined;
  if (Array.isArray(t)) return t as readonly [FieldType];
  if (typeof t === "function" && !(t as { prototype?: unknown }).prototype) {
    try {
      return resolveType((t as () => FieldType)());
    } catch {
      return undefined; // a thunk not resolvable yet (class declared later): described on the next sync
    }
  }
  return t as Function;
}

const SKIP = new Set<Function>([Object, Number, String, Boolean, BigInt, Symbol, Function]);

/**
 * Describes the models of a registry to class-transformer, so that
 * `plainToInstance(Model, plain)` builds the nested models, `Date`s, `Map`s
 * and `Set`s, picks subclasses by their `"$type"` tag, and honours wire
 * names and `@transient`; `instanceToPlain(model)` writes the fields
 * (accessor fields included) under their wire names and tags subclasses held
 * by a polymorphic field. Field writes go through the model's descriptors,
 * so validators run (class-transformer stops at the first failing one).
 *
 * class-transformer's discriminator writes the tag onto the instance it
 * converts; for the classes of a polymorphic field the interop therefore
 * defines a non-enumerable `$type` accessor on the prototype that returns
 * the registered name and ignores writes, so instances are never modified.
 *
 * @example
 * ```ts
 * import { instanceToPlain, plainToInstance } from "class-transformer";
 * import { enableClassTransformerInterop } from "decorum/class-transformer";
 *
 * const interop = enableClassTransformerInterop(); // after the models are defined
 * const order = plainToInstance(Order, JSON.parse(text)); // order.lines[0] instanceof LineItem
 * ```
 * @throws {RegistryError} when class-transformer is not installed and no `storage` was given.
 */
export function enableClassTransformerInterop(options: ClassTransformerInteropOptions = {}): ClassTransformerInterop {
  const storage = options.storage ?? loadStorage();
  if (!isStorage(storage))
    throw new RegistryError(
      'class-transformer interop: the "class-transformer" package was not found (install it, or pass its defaultMetadataStorage as options.storage)',
    );
  const reg = options.registry ?? defaultRegistry;
  const interop: ClassTransformerInterop = {
    storage,
    sync() {
      const models: Array<[string, Function]> = [];
      for (const name of reg.names()) {
        let ctor: Function;
        try {
          ctor = reg.resolve(name);
        } catch {
          continue;
        }
        if (reg.nameOf(ctor) === name) models.push([name, ctor]);
      }
      for (const [, ctor] of models) describe(storage, ctor, models);
      return models.length;
    },
  };
  interop.sync();
  return interop;
}

/** Registered classes that are `base` or extend it, as class-transformer subtypes. */
function subTypesOf(base: Function, models: ReadonlyArray<[string, Function]>): Array<{ name: string; value: Function }> {
  const out: Array<{ name: string; value: Function }> = [];
  for (const [name, ctor] of models) {
    if (ctor === base || ctor.prototype instanceof base) out.push({ name, value: ctor });
  }
  return out;
}

function tagAccessor(storage: ClassTransformerStorage, ctor: Function, name: string): void {
  const proto = ctor.prototype as object;
  if (!Object.hasOwn(proto, TAG)) {
    Object.defineProperty(proto, TAG, {
      get: () => name,
      // class-transformer's discriminator assigns the tag to the instance: ignore it.
      set: () => {},
      enumerable: false,
      configurable: true,
    });
  }
  storage.addExposeMetadata({ target: ctor, propertyName: TAG, options: { toPlainOnly: true } });
  storage.addExcludeMetadata({ target: ctor, propertyName: TAG, options: { toClassOnly: true } });
}

function describeType(
  storage: ClassTransformerStorage,
  target: Function,
  key: string,
  type: FieldType | undefined,
  models: ReadonlyArray<[string, Function]>,
): void {
  let t = resolveType(type);
  let reflectedType: unknown = t;
  if (Array.isArray(t)) {
    reflectedType = Array;
    while (Array.isArray(t)) t = resolveType((t as readonly [FieldType])[0]);
  }
  if (t === undefined || Array.isArray(t)) return;
  const elem = t as Function;
  if (elem === Map || elem === Set) {
    storage.addTypeMetadata({ target, propertyName: key, reflectedType: elem, typeFunction: () => Object, options: {} });
    return;
  }
  if (SKIP.has(elem)) return;
  const subTypes = subTypesOf(elem, models);
  const polymorphic = subTypes.some((s) => s.value !== elem);
  const typeOptions: Record<string, unknown> = {};
  if (polymorphic) {
    for (const s of subTypes) tagAccessor(storage, s.value, s.name);
    typeOptions.discriminator = { property: TAG, subTypes };
    typeOptions.keepDiscriminatorProperty = true;
  }
  storage.addTypeMetadata({ target, propertyName: key, reflectedType, typeFunction: () => elem, options: typeOptions });
}

/** Writes the class-transformer metadata of one model class. */
function describe(storage: ClassTransformerStorage, ctor: Function, models: ReadonlyArray<[string, Function]>): void {
  const fields: Array<[string, FieldRecord]> = orderedFields(ctor);
  if (fields.some(([, f]) => !f.transient)) {
    // Only the fields are written: class-level @Exclude(), @Expose() per field.
    storage.addExcludeMetadata({ target: ctor, propertyName: undefined, options: {} });
    for (const [key, f] of fields) {
      if (f.transient) {
        storage.addExcludeMetadata({ target: ctor, propertyName: key, options: {} });
        continue;
      }
      storage.addExposeMetadata({ target: ctor, propertyName: key, options: f.wireName !== undefined ? { name: f.wireName } : {} });
      describeType(storage, ctor, key, f.type, models);
    }
    return;
  }
  // A model without @field writes its own enumerable data and its descriptor members.
  const transient = new Set(fields.map(([k]) => k));
  for (const k of transient) storage.addExcludeMetadata({ target: ctor, propertyName: k, options: {} });
  for (const k of descriptorMembers(ctor).keys()) {
    if (typeof k === "string" && !transient.has(k)) storage.addExposeMetadata({ target: ctor, propertyName: k, options: {} });
  }
}
