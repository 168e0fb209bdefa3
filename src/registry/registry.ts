/**
 * The registry: an allow-list of names -> model classes and codecs, plus
 * registered functions, and the `serialize` / `deserialize` entry points.
 *
 * @module
 */
import { DecorumError, DeserializeError, formatValue, type Issue, RegistryError, SerializeError, UnknownTypeError } from "../errors.js";
import type { Codec } from "./codec.js";
import { builtinCodecs, RESERVED_TAGS } from "./codecs/builtins.js";
import { compileModel, interpretModel } from "./compile.js";
import { DEFAULT_REGISTRY, type Declaration, declarations } from "./declared.js";
import { Decoder, decodeShortcuts, GENERIC, INVALID } from "./decode.js";
import { isStackOverflow } from "./depth.js";
import { Encoder, type Handler, type Lookup, type ModelCodec, PLAIN_FALLBACK, type TagPolicy } from "./encode.js";
import { FLAT_BAIL, flatEncode, flatReady, isFlat } from "./flat.js";
import { stringifyDeep } from "./json.js";
import { type Expect, expectOf, type Family, type PlainLookup, selfExpect, type UnknownKeys, untag } from "./plain.js";
import { buildPlan, discriminatorOf, type FieldPlan, type ModelPlan, type TypeCheck, typeCheck } from "./plan.js";
import { TEXT_READ_MAX, type TextLookup, type TextReader, textReader } from "./read-text.js";
import { TextWriter } from "./write-text.js";

/**
 * Default nesting limit of `serialize` and `deserialize` (levels of arrays,
 * objects and tagged values). Past their first levels both walk with a heap
 * stack, so any limit works whatever the call stack; this one only bounds
 * the work a hostile document can ask for.
 */
export const DEFAULT_MAX_DEPTH = 10_000;
/** Default number of issues after which `deserialize` stops looking. */
export const DEFAULT_MAX_ISSUES = 100;

/** Options of `new Registry(...)`. */
export interface RegistryOptions {
  /** Generate per-class code (default: `true` where `new Function` is allowed). `false` uses the interpreter. */
  compile?: boolean;
  /** Default nesting limit (default {@link DEFAULT_MAX_DEPTH}). */
  maxDepth?: number;
  /** Default issue limit of deserialize (default {@link DEFAULT_MAX_ISSUES}). */
  maxIssues?: number;
}

/** Options of `serialize` / `toPlain`. */
export interface SerializeOptions {
  /** Keep identity of shared objects and cycles with `"$id"` / `ref` (default `false`: a cycle is an error, shared objects are copied). */
  references?: boolean;
  /** Nesting limit (default: the registry's, 10,000). */
  maxDepth?: number;
  /** `JSON.stringify`'s `space` argument, for readable output (`serialize` only). */
  space?: number | string;
  /**
   * `false`: plain JSON, the JSON an API serves — no `"$type"` anywhere (a
   * discriminator key declared with `@model({ discriminator })` is written,
   * as data), Dates as ISO strings, Maps as objects (all keys strings) or
   * `[key, value]` arrays, Sets as arrays, bigints as decimal strings,
   * `undefined` optional fields left out; read back with
   * `fromPlain(data, Class)`. Refused with a SerializeError: what plain JSON
   * cannot carry or typed input could not read back (NaN / ±Infinity, an
   * invalid Date, `undefined` outside an optional field or object key, a
   * model, Date, Map, ... in a position without a declared type, a subclass
   * in a base-class position without a discriminator, a value of another type
   * than its field declares). `-0` is written as `0`.
   *
   * `"needed"` (the default): the wire format with tags only where the
   * declared types do not settle a value — the root, a subclass in a
   * base-class position, values of fields without a type, `Map` / `Set`
   * elements without declared element types, ...; a value whose position
   * declares exactly its type is written as plain JSON writes it.
   *
   * `"all"` (and `true`, its alias): every model, `Date`, `Map`, ... tagged,
   * the fully self-describing form decorum 0.1 wrote. `deserialize` reads all
   * three forms; `references: true` always writes the `"all"` form.
   */
  tags?: boolean | "needed" | "all";
}

/** Options of `deserialize` / `fromPlain`. */
export interface DeserializeOptions {
  /** Nesting limit (default: the registry's, 10,000). */
  maxDepth?: number;
  /** Stop after this many issues (default: the registry's, 100). */
  maxIssues?: number;
  /**
   * Typed plain input: what an untagged object read as a model does with
   * keys that are not fields — `"strip"` drops them, `"reject"` reports each
   * as an issue. Overrides the models' own `unknownKeys`; without either, a
   * `strict` model rejects and any other strips.
   */
  unknownKeys?: UnknownKeys;
}

/** Registry state stamps (see `FieldPlan.expectStamp`): one counter for all registries, so no two states share one. */
let stamps = 0;
function nextStamp(): number {
  return ++stamps;
}

/** The options of a call that gives none (shared: a call allocates no options object). */
const NO_OPTIONS: DeserializeOptions = Object.freeze({});
const NO_SERIALIZE_OPTIONS: SerializeOptions = Object.freeze({});

// biome-ignore lint/suspicious/noExplicitAny: any constructor signature
type AnyClass<T = unknown> = abstract new (...args: any[]) => T;

/** What the plain JSON passes see of a registry: its lookup and the expectation of each field. */
export interface PlainView {
  readonly look: PlainLookup;
  readonly expects: (f: FieldPlan) => Expect;
}

/**
 * Where a registry keeps its {@link PlainView} for the schema exports
 * (`schema.ts`, `json-schema.ts`), which read it with {@link plainViewOf}
 * rather than being methods, so an application that never asks for a
 * schema bundles none of their code. A `Symbol.for` key, so an ESM and a
 * CJS copy of decorum read each other's registries (the default one is shared).
 */
const PLAIN_VIEW: unique symbol = Symbol.for("decorum.registry.plainView") as never;

/** The {@link PlainView} of a registry (of any copy of decorum), or `undefined` for anything else. */
export function plainViewOf(reg: unknown): PlainView | undefined {
  return reg !== null && typeof reg === "object" ? ((reg as Record<symbol, unknown>)[PLAIN_VIEW] as PlainView | undefined) : undefined;
}

interface ModelEntry {
  readonly kind: "model";
  readonly name: string;
  readonly ctor: Function;
  codec: ModelCodec | undefined;
  handler: Handler | undefined;
}
interface CodecEntry {
  readonly kind: "codec";
  readonly name: string;
  readonly codec: Codec<unknown>;
  readonly builtin: boolean;
  readonly handler: Handler;
}
type Entry = ModelEntry | CodecEntry;

/** `maxDepth` / `maxIssues`, when given, are positive integers. */
function checkLimits(where: string, options: { maxDepth?: number | undefined; maxIssues?: number | undefined }): void {
  for (const k of ["maxDepth", "maxIssues"] as const) {
    const v = options[k];
    if (v !== undefined && !(Number.isSafeInteger(v) && v > 0))
      throw new RangeError(`${where}: ${k} must be a positive integer (got ${formatValue(v)})`);
  }
}

/** An options argument, when given, is an object (as `toJSONSchema` has it): `null` or a primitive is a caller's mistake. */
function checkObject(where: string, options: unknown): void {
  if (options === null || typeof options !== "object")
    throw new TypeError(`${where}: options must be an object (got ${formatValue(options)})`);
}

/** `serialize` / `toPlain` options: an object whose `references`, when given, is a boolean (`tags` and the limits are checked where read). */
function checkSerializeOptions(where: string, options: SerializeOptions): void {
  checkObject(where, options);
  const r = options.references;
  if (r !== undefined && typeof r !== "boolean") throw new TypeError(`${where}: references must be true or false (got ${formatValue(r)})`);
}

function checkName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name === "" || name.startsWith("$"))
    throw new RegistryError(`invalid type name ${formatValue(name)}: a non-empty string not starting with "$"`);
  if (RESERVED_TAGS.has(name)) throw new RegistryError(`type name ${JSON.stringify(name)} is reserved by the wire format`);
}

/**
 * An allow-list of serializable types. `registry` is the shared default;
 * `new Registry()` is an isolated one (with the built-in codecs only).
 *
 * @example
 * ```ts
 * const reg = new Registry();
 * reg.register("geo.Point", Point);
 * const p = reg.deserialize(reg.serialize(new Point(1, 2)), Point);
 * ```
 */
export class Registry {
  readonly #entries = new Map<string, Entry>();
  readonly #byClass = new Map<Function, ModelEntry>();
  readonly #byProto = new Map<object, ModelEntry>();
  readonly #codecTypes = new Map<object, CodecEntry>();
  readonly #codecTests: CodecEntry[] = [];
  readonly #cache = new Map<object, Handler | null>();
  readonly #functions = new Map<string, Function>();
  readonly #functionNames = new Map<Function, string>();
  readonly #compile: boolean;
  /** The default registry's declaration table (see declared.ts) and how much of it is adopted; `undefined` for others. */
  #declared: Declaration[] | undefined;
  #adopted = 0;
  /** `toPlain`'s encoders, one per tag policy, kept between calls (see `#encode`). */
  readonly #encoders: { all?: Encoder | undefined; needed?: Encoder | undefined; none?: Encoder | undefined } = {};
  /** Whether the last `#encode` went past the recursion threshold (the tree is deep: `serialize` writes it iteratively). */
  #deep = false;
  /** `serialize`'s text writers, kept between calls (see `serialize`). */
  readonly #writers: { needed?: TextWriter | undefined; none?: TextWriter | undefined } = {};
  /** Changes of the registry's models and codecs so far (a text writer is kept only if none happened during its call). */
  #changes = 0;
  readonly #maxDepth: number;
  readonly #maxIssues: number;
  readonly #lookup: Lookup;
  readonly #plain: PlainLookup;
  /** Plain JSON: families by class and field expectations, dropped whenever a model or codec is added or removed. */
  readonly #families = new Map<Function, Family | null>();
  readonly #expects = new Map<FieldPlan, Expect>();
  /** Root expectations of `fromPlain(data, Class)` by class, dropped with the others. */
  #roots = new WeakMap<Function, Expect>();
  /** The class of the last typed `fromPlain` and its root expectation and type check (a call in a loop looks up nothing). */
  #lastRoot: Function | undefined;
  #lastRootExpect: Expect;
  #lastRootCheck: TypeCheck | undefined;
  /** A decoder kept between `fromPlain` calls (taken out while one runs). */
  #spare: Decoder | undefined;
  /**
   * The name {@link Registry.#handlerByName} looked up last and its handler (dropped with the other caches). A
   * `"$type"` that `JSON.parse` just made is a new string each time, which `Map#get` hashes and compares anew
   * (measured: 80 ns for a model name); `===` against the last name compares its characters only.
   */
  #lastName: string | undefined;
  #lastNameHandler: Handler | undefined;
  /**
   * Flat models (see flat.ts) by prototype (`null`: not a flat model), dropped with the other caches, and
   * the last prototype looked up with its codec (a loop of `toPlain` or `fromPlain` calls looks up nothing).
   */
  readonly #flats = new Map<unknown, ModelCodec | null>();
  #flatProto: unknown;
  #flatCodec: ModelCodec | undefined;
  /**
   * `deserialize`'s text readers (see read-text.ts) by root class and by root tag (`null`: none), dropped with
   * the other caches; the last class and the last tag looked up with their readers.
   */
  readonly #textByClass = new Map<Function, TextRead | null>();
  readonly #textByName = new Map<string, TextRead | null>();
  #textClass: Function | undefined;
  #textOfClass: TextRead | null = null;
  #textTag: string | undefined;
  #textOfTag: TextRead | null = null;
  /** The reader of the last text read (or looked up for it). */
  #textLast: TextRead | null = null;
  /** Texts left that go straight to JSON.parse (see {@link TEXT_SKIP}). */
  #textSkip = 0;
  /** Stamp of the current state (new whenever a model or codec is added or removed): the fields' expectation caches hold while theirs is this. */
  #stamp = nextStamp();
  readonly #expectOf = (f: FieldPlan): Expect => {
    if (f.expectStamp === this.#stamp) return f.expectCache as Expect;
    let e = this.#expects.get(f);
    if (e === undefined && !this.#expects.has(f)) {
      e = expectOf(f.type, this.#plain, f.of);
      this.#expects.set(f, e);
    }
    f.expectStamp = this.#stamp;
    f.expectCache = e;
    return e;
  };

  constructor(options: RegistryOptions = {}) {
    checkObject("new Registry", options);
    if (options.compile !== undefined && typeof options.compile !== "boolean")
      throw new TypeError(`new Registry: compile must be true or false (got ${formatValue(options.compile)})`);
    this.#compile = options.compile !== false;
    this.#declared = creatingDefault ? declarations() : undefined;
    checkLimits("new Registry", options);
    this.#maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.#maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
    for (const c of builtinCodecs) this.#addCodec(c, true);
    this.#plain = {
      planByName: (name) => {
        const e = this.#entries.get(name);
        return e?.kind === "model" ? (this.#model(e).model as ModelCodec).plan : undefined;
      },
      family: (ctor) => this.#family(ctor),
      codecOf: (ctor) => (ctor.prototype ? this.#codecTypes.get(ctor.prototype as object)?.codec : undefined),
      flat: new Map(),
    };
    // Data properties only: an accessor in the literal made it a dictionary-mode object, and every
    // `lookup.expect` of a decode (one per model field value) a generic property load.
    this.#lookup = {
      handlerFor: (value, proto) => this.#handlerFor(value, proto),
      byName: (name) => this.#handlerByName(name),
      functionName: (fn) => this.#functionNames.get(fn),
      resolveFunction: (name) => this.#functions.get(name),
      expect: (f) => this.#expectOf(f),
      family: (ctor) => this.#family(ctor),
      plain: this.#plain,
    };
    this.#view = { look: this.#plain, expects: this.#expectOf };
  }

  /** What `plainViewOf` returns. */
  readonly #view: PlainView;

  static {
    // On the prototype, not each instance: an accessor defined on an instance turns it into a dictionary-mode
    // object, and every private field read of every call (`#spare`, `#lookup`, ...) into a hash lookup.
    Object.defineProperty(Registry.prototype, PLAIN_VIEW, {
      get(this: Registry) {
        // Only a registry has a view (an object that merely inherits from the prototype has none).
        if (!(#view in this)) return undefined;
        this.#sync();
        return this.#view;
      },
    });
  }

  /** The default registry: adopts the codecs and functions declared since its last call (see declared.ts). */
  #sync(): void {
    const table = this.#declared;
    if (table === undefined || table.length === this.#adopted) return;
    while (this.#adopted < table.length) {
      const d = table[this.#adopted++] as Declaration;
      if ("codec" in d) {
        if (!this.#entries.has(d.codec.name)) this.#addCodec(d.codec, false);
      } else if (!this.#functions.has(d.name) && !this.#functionNames.has(d.fn)) {
        this.#functions.set(d.name, d.fn);
        this.#functionNames.set(d.fn, d.name);
      }
    }
  }

  /** The registered models of a position typed `ctor`: itself and its registered subclasses. */
  #family(ctor: Function): Family | undefined {
    const cached = this.#families.get(ctor);
    if (cached !== undefined) return cached ?? undefined;
    let self: ModelPlan | undefined;
    const byValue = new Map<string, ModelPlan>();
    const names: string[] = [];
    const proto = ctor.prototype as object | undefined;
    for (const e of this.#entries.values()) {
      if (e.kind !== "model" || proto === undefined) continue;
      if (e.ctor !== ctor && !Object.prototype.isPrototypeOf.call(proto, e.ctor.prototype)) continue;
      const plan = (this.#model(e).model as ModelCodec).plan;
      if (e.ctor === ctor) self = plan;
      names.push(e.name);
      byValue.set(plan.discriminatorValue, plan);
    }
    const fam: Family | null =
      names.length === 0 ? null : { self, polymorphic: names.length > (self ? 1 : 0), key: discriminatorOf(ctor)?.key, byValue, names };
    this.#families.set(ctor, fam);
    return fam ?? undefined;
  }

  #changed(): void {
    // Kept text writers remember the last root's model: drop them (and any writer a call in progress holds, see serialize).
    this.#writers.needed = undefined;
    this.#writers.none = undefined;
    this.#encoders.all = undefined;
    this.#encoders.needed = undefined;
    this.#encoders.none = undefined;
    this.#changes++;
    this.#cache.clear();
    this.#families.clear();
    this.#expects.clear();
    this.#roots = new WeakMap();
    this.#stamp = nextStamp();
    this.#lastRoot = undefined;
    this.#lastRootExpect = undefined;
    this.#lastRootCheck = undefined;
    this.#lastName = undefined;
    this.#lastNameHandler = undefined;
    this.#flats.clear();
    this.#flatProto = undefined;
    this.#flatCodec = undefined;
    this.#plain?.flat.clear();
    this.#textByClass.clear();
    this.#textByName.clear();
    this.#textClass = undefined;
    this.#textTag = undefined;
    this.#textLast = null;
    this.#textSkip = 0;
  }

  /**
   * Registers a class as a model under `name` (what `@model` does after
   * checking the class). The class's `@field`s decide what is written.
   *
   * @example
   * ```ts
   * registry.register("geo.Point2D", Point2D);
   * ```
   * @throws {RegistryError} when the name is taken, reserved or invalid, or the class is registered under another name.
   */
  register<C extends Function>(name: string, ctor: C): C {
    this.#sync();
    checkName(name);
    if (typeof ctor !== "function" || !ctor.prototype)
      throw new RegistryError(`cannot register ${formatValue(ctor)} as ${name}: not a class`);
    const taken = this.#entries.get(name);
    if (taken) {
      if (taken.kind === "model" && taken.ctor === ctor) return ctor;
      const holder = taken.kind === "model" ? taken.ctor.name || "an anonymous class" : taken.builtin ? "a built-in type" : "a codec";
      throw new RegistryError(`name ${JSON.stringify(name)} is already registered to ${holder}`);
    }
    const other = this.#byClass.get(ctor);
    if (other) throw new RegistryError(`${ctor.name || "this class"} is already registered as ${JSON.stringify(other.name)}`);
    const entry: ModelEntry = { kind: "model", name, ctor, codec: undefined, handler: undefined };
    this.#entries.set(name, entry);
    this.#byClass.set(ctor, entry);
    this.#byProto.set(ctor.prototype as object, entry);
    this.#changed();
    return ctor;
  }

  /**
   * Adds a custom value type (see {@link Codec}).
   *
   * @example
   * ```ts
   * registry.registerCodec({ name: "shop.Money", type: Money, encode: (m) => m.cents, decode: (p) => new Money(p as number) });
   * ```
   * @throws {RegistryError} when the name is taken, reserved or invalid, or the codec has neither `type` nor `test`.
   */
  registerCodec<T>(codec: Codec<T>): void {
    this.#sync();
    this.#addCodec(codec as Codec<unknown>, false);
  }

  #addCodec(codec: Codec<unknown>, builtin: boolean): void {
    if (codec === null || typeof codec !== "object") throw new RegistryError("registerCodec needs a codec object");
    if (!builtin) checkName(codec.name);
    if (this.#entries.has(codec.name)) throw new RegistryError(`name ${JSON.stringify(codec.name)} is already registered`);
    if (typeof codec.encode !== "function" || typeof codec.decode !== "function")
      throw new RegistryError(`codec ${JSON.stringify(codec.name)} needs encode and decode functions`);
    if (typeof codec.type !== "function" && typeof codec.test !== "function")
      throw new RegistryError(`codec ${JSON.stringify(codec.name)} needs a type (class) or a test (predicate)`);
    const entry: CodecEntry = { kind: "codec", name: codec.name, codec, builtin, handler: { codec } };
    this.#entries.set(codec.name, entry);
    if (typeof codec.type === "function") this.#codecTypes.set(codec.type.prototype as object, entry);
    else if (!builtin) this.#codecTests.push(entry); // built-in predicates (undefined, number, bigint) match primitives only
    this.#changed();
  }

  /**
   * Registers a function under a stable name, so codecs can write it by name
   * (a collection's comparator, for example).
   *
   * @example
   * ```ts
   * registry.registerFunction("byPriority", (a, b) => a.priority - b.priority);
   * ```
   * @throws {RegistryError} when the name or the function is already registered.
   */
  registerFunction(name: string, fn: Function): void {
    this.#sync();
    if (typeof name !== "string" || name === "") throw new RegistryError(`invalid function name ${formatValue(name)}`);
    if (typeof fn !== "function") throw new RegistryError(`registerFunction(${JSON.stringify(name)}): not a function`);
    const had = this.#functions.get(name);
    if (had === fn) return;
    if (had) throw new RegistryError(`function name ${JSON.stringify(name)} is already registered`);
    const other = this.#functionNames.get(fn);
    if (other !== undefined) throw new RegistryError(`this function is already registered as ${JSON.stringify(other)}`);
    this.#functions.set(name, fn);
    this.#functionNames.set(fn, name);
  }

  /** The registered name of `fn`, or `undefined`. */
  functionName(fn: Function): string | undefined {
    this.#sync();
    return this.#functionNames.get(fn);
  }

  /** The function registered under `name`, or `undefined`. */
  resolveFunction(name: string): Function | undefined {
    this.#sync();
    return this.#functions.get(name);
  }

  /**
   * The class registered under `name` (a model, or a codec's `type`).
   *
   * @example
   * ```ts
   * registry.resolve("geo.Point2D") === Point2D;
   * ```
   * @throws {UnknownTypeError} when nothing (with a class) is registered under `name`.
   */
  resolve(name: string): Function {
    this.#sync();
    const e = this.#entries.get(name);
    if (e?.kind === "model") return e.ctor;
    if (e?.kind === "codec" && typeof e.codec.type === "function") return e.codec.type;
    throw new UnknownTypeError(String(name), [], this.names());
  }

  /** The name a class (or an instance's class) is registered under, or `undefined`. */
  nameOf(classOrInstance: Function | object): string | undefined {
    this.#sync();
    if (classOrInstance === null || (typeof classOrInstance !== "object" && typeof classOrInstance !== "function")) return undefined;
    const ctor = typeof classOrInstance === "function" ? classOrInstance : Object.getPrototypeOf(classOrInstance)?.constructor;
    return typeof ctor === "function" ? this.#byClass.get(ctor)?.name : undefined;
  }

  /** `true` when `nameOrClass` is registered (a name of a model or codec, or a model class). */
  has(nameOrClass: string | Function): boolean {
    this.#sync();
    return typeof nameOrClass === "string" ? this.#entries.has(nameOrClass) : this.#byClass.has(nameOrClass);
  }

  /**
   * Removes a model or custom codec; returns `false` when it was not registered.
   *
   * @throws {RegistryError} for a built-in type.
   */
  unregister(nameOrClass: string | Function): boolean {
    this.#sync();
    const e = typeof nameOrClass === "string" ? this.#entries.get(nameOrClass) : this.#byClass.get(nameOrClass);
    if (!e) return false;
    if (e.kind === "codec" && e.builtin) throw new RegistryError(`built-in type ${JSON.stringify(e.name)} cannot be unregistered`);
    this.#entries.delete(e.name);
    if (e.kind === "model") {
      this.#byClass.delete(e.ctor);
      this.#byProto.delete(e.ctor.prototype as object);
    } else {
      if (typeof e.codec.type === "function") this.#codecTypes.delete(e.codec.type.prototype as object);
      const i = this.#codecTests.indexOf(e);
      if (i >= 0) this.#codecTests.splice(i, 1);
    }
    this.#changed();
    return true;
  }

  /** Registered model and custom codec names, in registration order (built-ins excluded). */
  names(): string[] {
    this.#sync();
    const out: string[] = [];
    for (const e of this.#entries.values()) if (e.kind === "model" || !e.builtin) out.push(e.name);
    return out;
  }

  #model(entry: ModelEntry): Handler {
    if (entry.handler === undefined) {
      const plan = buildPlan(entry.ctor, entry.name);
      entry.codec = this.#compile ? compileModel(plan) : interpretModel(plan);
      entry.handler = { model: entry.codec };
    }
    return entry.handler;
  }

  #handlerByName(name: string): Handler | undefined {
    if (name === this.#lastName) return this.#lastNameHandler;
    const e = this.#entries.get(name);
    if (e === undefined) return undefined;
    const h = e.kind === "model" ? this.#model(e) : e.handler;
    this.#lastName = name;
    this.#lastNameHandler = h;
    return h;
  }

  #handlerFor(value: object, proto: object | null): Handler | undefined {
    if (proto === null) return undefined;
    const cached = this.#cache.get(proto);
    if (cached !== undefined) return cached ?? undefined;
    let h: Handler | null = null;
    const m = this.#byProto.get(proto);
    if (m) h = this.#model(m);
    else {
      for (let p: object | null = proto; p !== null && h === null; p = Object.getPrototypeOf(p)) {
        const c = this.#codecTypes.get(p);
        if (c && (!c.codec.exact || p === proto)) h = c.handler;
      }
      if (h === null) {
        for (const c of this.#codecTests) {
          if (c.codec.test?.(value)) return c.handler;
        }
      }
    }
    if (h !== null || this.#codecTests.length === 0) this.#cache.set(proto, h);
    return h ?? undefined;
  }

  /**
   * Converts a value graph to its wire tree: JSON-compatible data with
   * `"$type"` tags (what `serialize` stringifies).
   *
   * @example
   * ```ts
   * registry.toPlain(new Point2D(2, 4)); // { $type: "Point2D", x: 2, y: 4 }
   * registry.toPlain(new Point2D(2, 4), { tags: false }); // { x: 2, y: 4 }
   * ```
   * @throws {SerializeError} naming the path for a function, symbol, generator, unregistered class instance, cycle (without `references`) or too deep a graph; with `tags: false`, also for what plain JSON cannot carry (see {@link SerializeOptions.tags}).
   * @throws {RangeError} for `references: true` with `tags: false`.
   * @throws {TypeError} when `options` is not an object, or `tags` / `references` is not one of its values.
   */
  toPlain(value: unknown, options: SerializeOptions = NO_SERIALIZE_OPTIONS): unknown {
    if (options !== NO_SERIALIZE_OPTIONS) checkSerializeOptions("toPlain", options);
    // A flat model with the default options: its codec at once (flat.ts), the general path where it gives up.
    if (options === NO_SERIALIZE_OPTIONS && typeof value === "object" && value !== null) {
      this.#sync();
      let proto: unknown;
      try {
        proto = Object.getPrototypeOf(value);
      } catch {
        // A Proxy whose trap throws: the general path says where.
        proto = undefined;
      }
      const mc = proto === undefined ? undefined : this.#flatOf(proto);
      if (mc !== undefined) {
        const tree = flatEncode(mc, value);
        if (tree !== FLAT_BAIL) return tree;
      }
    }
    return this.#toPlain(value, options, "toPlain");
  }

  /** The codec of the flat model whose instances have prototype `proto`, or `undefined`. */
  #flatOf(proto: unknown): ModelCodec | undefined {
    if (proto === this.#flatProto) return this.#flatCodec;
    let mc = this.#flats.get(proto);
    if (mc === undefined) {
      const e = this.#byProto.get(proto as object);
      try {
        mc = e !== undefined && isFlat((this.#model(e).model as ModelCodec).plan) ? (e.codec as ModelCodec) : null;
      } catch {
        // A class whose plan cannot be built: the general path reports it where it does.
        mc = null;
      }
      this.#flats.set(proto, mc);
    }
    this.#flatProto = proto;
    return (this.#flatCodec = mc ?? undefined);
  }

  /** The wire tree of `value`; whether its encoding went deep is left in {@link Registry.#deep} (read by `serialize` right after). */
  #toPlain(value: unknown, options: SerializeOptions, where: string): unknown {
    this.#sync();
    if (options.maxDepth !== undefined) checkLimits(where, options);
    const tags = options.tags;
    if (tags !== undefined && typeof tags !== "boolean" && tags !== "needed" && tags !== "all")
      throw new TypeError(`${where}: tags must be "needed", "all", true or false (got ${formatValue(tags)})`);
    if (tags === false) {
      if (options.references === true)
        throw new RangeError(
          `${where}: references: true needs the tagged format ("$id" / ref); plain JSON (tags: false) has no references`,
        );
      // Direct: the encoder writes plain JSON itself; where it cannot (or the graph is deep), the tagged tree
      // is converted, which names what plain JSON cannot carry.
      try {
        return this.#encode(value, options, "none");
      } catch (err) {
        if (err !== PLAIN_FALLBACK) throw err;
      }
      const tree = this.#encode(value, options, "all");
      return untag(tree, selfExpect(tree, this.#plain), this.#plain, this.#expectOf);
    }
    return this.#encode(value, options, tags === true || tags === "all" ? "all" : "needed");
  }

  /** The tree of `value` under `policy`; sets {@link Registry.#deep}. */
  #encode(value: unknown, options: SerializeOptions, policy: TagPolicy): unknown {
    // One encoder per tag policy is kept between calls with the registry's own depth limit and no references
    // (a call in progress holds it: a nested call, from a codec, makes its own). Measured: constructing one
    // was a third of `toPlain` for a small model.
    const keep = options.maxDepth === undefined && options.references !== true;
    let e = keep ? this.#encoders[policy] : undefined;
    if (e === undefined) e = new Encoder(this.#lookup, options.maxDepth ?? this.#maxDepth, options.references === true, policy);
    else {
      this.#encoders[policy] = undefined;
      e.again();
    }
    try {
      const tree = e.root(value);
      this.#deep = e.deepest > 0;
      if (keep && e.reusable()) this.#encoders[policy] = e;
      return tree;
    } catch (err) {
      // Only reachable when the caller left almost no stack (the walk is iterative past its first levels) or custom codecs nest very deep.
      if (isStackOverflow(err))
        throw new SerializeError(
          e.keys.slice(),
          "the call stack ran out (serialize was called with almost no stack left, or custom codecs nest too deeply)",
          { cause: err },
        );
      if (err instanceof DecorumError || err === PLAIN_FALLBACK) throw err;
      // A getter, a Proxy trap or a custom codec of the user's threw: say where, keep the original as `cause`.
      const message = err instanceof Error ? err.message : String(err);
      throw new SerializeError(e.keys.slice(), `reading a value failed: ${message}`, { cause: err });
    }
  }

  /**
   * Serializes a value graph to JSON text.
   *
   * @example
   * ```ts
   * registry.serialize(new Point2D(2, 4)); // '{"$type":"Point2D","x":2,"y":4}'
   * ```
   * @throws {SerializeError} naming the path (see {@link Registry.toPlain}).
   */
  serialize(value: unknown, options: SerializeOptions = NO_SERIALIZE_OPTIONS): string {
    if (options !== NO_SERIALIZE_OPTIONS) checkSerializeOptions("serialize", options);
    this.#sync();
    // Generated text writers first (no tree): the common options only; anything they give up on is redone below.
    if (options.maxDepth !== undefined) checkLimits("serialize", options);
    if (this.#compile && options.space === undefined && options.references !== true) {
      const tags = options.tags;
      if (tags === undefined || tags === "needed" || tags === false) {
        const policy = tags === false ? "none" : "needed";
        // One writer per tag policy is kept between calls (a nested call, from a codec, makes its own).
        const kept = options.maxDepth === undefined ? this.#writers[policy] : undefined;
        if (kept !== undefined) this.#writers[policy] = undefined;
        const w = kept ?? new TextWriter(this.#lookup, options.maxDepth ?? this.#maxDepth, false, policy);
        const changes = this.#changes;
        try {
          const text = w.rootText(value);
          if (text !== undefined) {
            if (options.maxDepth === undefined && w.clean() && changes === this.#changes) this.#writers[policy] = w;
            return text;
          }
        } catch {
          // TEXT_FALLBACK, PLAIN_FALLBACK, a stack overflow or an error: the tree path below says it with its path.
        }
      }
    }
    const tree = this.#toPlain(value, options, "serialize");
    // A deep tree goes to the iterative writer: JSON.stringify recurses and would fail by the stack's luck.
    return (this.#deep ? stringifyDeep(tree, options.space) : JSON.stringify(tree, null, options.space)) as string;
  }

  /**
   * Rebuilds a value graph from a wire tree (already parsed JSON).
   * With `expected`, the root must be an instance of it (subclasses
   * accepted), and untagged values are read along the declared types
   * (typed plain input: an object as the class, an ISO string in a `Date`
   * field as a Date, ...; see docs/plain-json.md). Tags, where present, are
   * honoured and checked.
   *
   * @example
   * ```ts
   * const p = registry.fromPlain({ $type: "Point2D", x: 2, y: 4 }, Point2D);
   * const q = registry.fromPlain({ x: 2, y: 4 }, Point2D); // plain JSON, typed by the class
   * ```
   * @throws {DeserializeError} listing every issue with its path (a missing discriminator, an unknown key under `unknownKeys: "reject"`, ...).
   * @throws {TypeError} when `expected` is not a class, `options` is not an object or `unknownKeys` is not `"strip"` / `"reject"`.
   */
  fromPlain<T = unknown>(plain: unknown, expected?: AnyClass<T> | Function, options: DeserializeOptions = NO_OPTIONS): T {
    this.#sync();
    if (options !== NO_OPTIONS) checkObject("fromPlain / deserialize", options);
    if (expected !== undefined && typeof expected !== "function")
      throw new TypeError(`fromPlain / deserialize: the expected type must be a class (got ${formatValue(expected)})`);
    // A thunk (an arrow function: no prototype) must give a type; one that gives anything else would turn the root check off.
    if (expected !== undefined && expected.prototype === undefined) {
      const t: unknown = (expected as () => unknown)();
      if (typeof t !== "function" && !Array.isArray(t))
        throw new TypeError(`fromPlain / deserialize: the expected type's thunk must return a class (got ${formatValue(t)})`);
    }
    if (options.maxDepth !== undefined || options.maxIssues !== undefined) checkLimits("fromPlain / deserialize", options);
    const unknownKeys = options.unknownKeys;
    if (unknownKeys !== undefined && unknownKeys !== "strip" && unknownKeys !== "reject")
      throw new TypeError(`fromPlain / deserialize: unknownKeys must be "strip" or "reject" (got ${formatValue(unknownKeys)})`);
    const maxDepth = options.maxDepth ?? this.#maxDepth;
    const maxIssues = options.maxIssues ?? this.#maxIssues;
    // The spare decoder, unless a call in progress holds it (a codec or hook that deserializes): then a new one.
    let d = this.#spare;
    if (d === undefined) d = new Decoder(this.#lookup, maxDepth, maxIssues, unknownKeys);
    else {
      this.#spare = undefined;
      d.reset(maxDepth, maxIssues, unknownKeys);
    }
    let check: TypeCheck | undefined;
    let out: unknown = GENERIC;
    // A flat model's tagged tree with the default options: read by the model's codec at once (see flat.ts),
    // with the decoder calls, issues and result the general path gives it; GENERIC: the general path reads it.
    if (options === NO_OPTIONS && typeof expected === "function") {
      const mc = this.#flatOf(expected.prototype);
      if (mc !== undefined && decodeShortcuts.tagged && flatReady(mc.plan, plain as Record<string, unknown>)) {
        try {
          out = mc.read(plain as object, d, true);
          // The type check below, where a constructor returned another object.
          if (!(out instanceof expected)) check = typeCheck(expected);
        } catch {
          // A stack overflow: the general path's decoder retries, then reports it.
          out = GENERIC;
          d.reset(maxDepth, maxIssues, unknownKeys);
        }
      }
    }
    if (out === GENERIC) {
      // Typed input: the expected class says what an untagged root is; each field's declared type what its value is.
      let expect: Expect;
      if (typeof expected !== "function") expect = undefined;
      else if (expected === this.#lastRoot) {
        expect = this.#lastRootExpect;
        check = this.#lastRootCheck;
      } else {
        expect = this.#rootExpect(expected);
        // A class (not a thunk) has a fixed check: remembered with the expectation.
        if (expected.prototype !== undefined) {
          check = typeCheck(expected);
          this.#lastRoot = expected;
          this.#lastRootExpect = expect;
          this.#lastRootCheck = check;
        }
      }
      try {
        out = d.run(plain, expect);
      } catch (err) {
        if (!isStackOverflow(err)) throw err;
        d.report(d.keys.slice(), {
          code: "depth",
          message: "the call stack ran out (deserialize was called with almost no stack left, or custom codecs nest too deeply)",
        });
      }
    }
    if (d.issues.length === 0 && typeof expected === "function") {
      if (expected.prototype === undefined) check = typeCheck(expected);
      if (check && !check.test(out))
        d.report([], { code: "type", message: `expected ${check.expected}`, expected: check.expected, received: out });
    }
    const issues = d.issues;
    d.release();
    this.#spare = d;
    if (issues.length > 0 || out === INVALID)
      throw this.#error(issues, typeof expected === "function" ? expected.name || undefined : undefined);
    return out as T;
  }

  /** The text reader for `json`: its root tag's model's, else `expected`'s; `null`: none (JSON.parse reads it). */
  #textRead(json: string, expected: Function | undefined): TextRead | null {
    if (json.startsWith('{"$type":"')) {
      // The last tag's name is a registered name (a flat string): a slice of the text compared instead was slower.
      const last = this.#textTag;
      if (last !== undefined && json.startsWith(last, 10) && json.charCodeAt(10 + last.length) === 34) return this.#textOfTag;
      const end = json.indexOf('"', 10);
      if (end < 0) return null;
      const name = json.slice(10, end);
      const e = name.includes("\\") ? undefined : this.#entries.get(name);
      if (e === undefined) return null;
      let r = this.#textByName.get(e.name);
      if (r === undefined) {
        r = e.kind === "model" ? this.#textOf(e.ctor) : null;
        this.#textByName.set(e.name, r);
      }
      this.#textTag = e.name;
      return (this.#textOfTag = r);
    }
    if (typeof expected !== "function") return null;
    if (expected !== this.#textClass) {
      this.#textClass = expected;
      this.#textOfClass = this.#textOf(expected);
    }
    return this.#textOfClass;
  }

  /** The text reader of model class `ctor` (built on first use), or `null`. */
  #textOf(ctor: Function): TextRead | null {
    let r = this.#textByClass.get(ctor);
    if (r === undefined) {
      const e = this.#byClass.get(ctor);
      let read: TextReader | null = null;
      if (e !== undefined) {
        try {
          read = textReader((this.#model(e).model as ModelCodec).plan, this.#textLookup);
        } catch {
          // A class whose plan cannot be built: the general path reports it where it does.
          read = null;
        }
      }
      r = read === null ? null : { read, misses: 0 };
      this.#textByClass.set(ctor, r);
    }
    return r;
  }

  readonly #textLookup: TextLookup = {
    expect: (f) => this.#expectOf(f),
    expectOf: (t) => expectOf(t, this.#plain),
    family: (ctor) => this.#family(ctor),
  };

  /** What a root typed `expected` expects (cached per class until the registry changes). */
  #rootExpect(expected: Function): Expect {
    let e = this.#roots.get(expected);
    if (e === undefined && !this.#roots.has(expected)) {
      e = expectOf(expected, this.#plain);
      this.#roots.set(expected, e);
    }
    return e;
  }

  #error(issues: readonly Issue[], rootName: string | undefined): DeserializeError {
    const unknown = issues.find((i) => i.code === "unknown-type");
    if (unknown) return new UnknownTypeError(String(unknown.received), unknown.path.slice(0, -1), this.names(), { issues, rootName });
    return new DeserializeError(issues, rootName);
  }

  /**
   * Parses JSON text and rebuilds the value graph. Only registered classes
   * are constructed; every field write goes through the field's descriptors.
   *
   * @example
   * ```ts
   * const p = registry.deserialize('{"$type":"Point2D","x":2,"y":4}', Point2D);
   * ```
   * @throws {DeserializeError} listing every issue with its path (malformed JSON included).
   */
  deserialize<T = unknown>(json: string, expected?: AnyClass<T> | Function, options: DeserializeOptions = NO_OPTIONS): T {
    if (options !== NO_OPTIONS) checkObject("fromPlain / deserialize", options);
    // A text in the shape serialize writes for its root model: read by that model's reader (the tree JSON.parse gives).
    if (this.#textSkip > 0) this.#textSkip--;
    else if (this.#compile && typeof json === "string" && json.length <= TEXT_READ_MAX && decodeShortcuts.text) {
      this.#sync();
      // The reader that read the last text first: any reader gives JSON.parse's tree or nothing, and looking
      // the text's own up (its tag, two startsWith calls) took 100 ns of a one-message call (measured).
      let r = this.#textLast;
      let tree = r === null ? undefined : r.read(json);
      if (tree === undefined) {
        const own = this.#textRead(json, expected);
        if (own !== r && own !== null) tree = own.read(json);
        if (tree === undefined) {
          // A reader whose texts keep missing its shape (indented, say, or leaving out a field it cannot) is
          // dropped; after a text without a reader, or with a dropped one, the next few skip the lookup.
          if (own !== null && ++own.misses >= TEXT_MISSES) own.read = missAll;
          if (own === null || own.read === missAll) this.#textSkip = TEXT_SKIP;
        }
        this.#textLast = r = own;
      }
      if (tree !== undefined) {
        (r as TextRead).misses = 0;
        return this.fromPlain<T>(tree, expected, options);
      }
    }
    let plain: unknown;
    try {
      if (typeof json !== "string") throw new TypeError(`expected a JSON string, got ${formatValue(json)}`);
      plain = JSON.parse(json);
    } catch (err) {
      const rootName = typeof expected === "function" ? expected.name || undefined : undefined;
      throw new DeserializeError([{ path: [], code: "json", message: `not valid JSON: ${(err as Error).message}` }], rootName, {
        cause: err,
      });
    }
    return this.fromPlain<T>(plain, expected, options);
  }
}

/** A root model's text reader and how many texts in a row missed its shape. */
interface TextRead {
  read: TextReader;
  misses: number;
}

/** After this many texts in a row that miss a reader's shape, `deserialize` stops trying it (until the registry changes). */
const TEXT_MISSES = 64;

const missAll: TextReader = () => undefined;

/**
 * After a text whose model has no reader (or a dropped one), this many texts go straight to `JSON.parse`:
 * looking a text's reader up costs about 90 ns, 15% of a small message's `deserialize` (measured), and
 * this way one call in 33 pays it. A text of a model with a reader that comes among them is read by
 * `JSON.parse`, as it would be without readers.
 */
const TEXT_SKIP = 32;

/** `true` only while the default registry is constructed: it, and no other, adopts the declarations. */
let creatingDefault = false;

function createDefault(): Registry {
  creatingDefault = true;
  try {
    return new Registry();
  } finally {
    creatingDefault = false;
  }
}

/**
 * The default registry, shared by every copy of decorum in the process
 * (ESM and CJS builds alike): `@model` registers here unless told otherwise.
 *
 * @example
 * ```ts
 * registry.has("geo.Point2D");
 * ```
 */
export const registry: Registry = ((globalThis as Record<symbol, unknown>)[DEFAULT_REGISTRY] ??= createDefault()) as Registry;
