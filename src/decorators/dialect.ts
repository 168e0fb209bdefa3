/**
 * The dialect adapter: the only place in decorum that looks at how a
 * decorator was called. It turns a TC39 standard call `(value, context)` or
 * a legacy `experimentalDecorators` call `(target, key, descriptor?)` into
 * one {@link Decoration}, hands it to the decorator's per-kind handler, and
 * turns the handler's answer back into what the calling dialect expects.
 *
 * Every decorator of decorum is written once, with {@link createDecorator}.
 *
 * @module
 */
import { ClassDefinitionError } from "../errors.js";
import { type MetadataObject, ownMetadataOf } from "./metadata.js";
import { METADATA } from "./polyfill.js";

/** Which decorator dialect made a call. */
export type Dialect = "standard" | "legacy";

/** The kind of class element being decorated. */
export type MemberKind = "class" | "method" | "getter" | "setter" | "accessor" | "field";

/**
 * One decorator application, described the same way in both dialects.
 */
export interface Decoration {
  /** The dialect of this call. */
  readonly dialect: Dialect;
  /** What is decorated. A legacy get/set pair (what `accessor` compiles to) is `"accessor"`. */
  readonly kind: MemberKind;
  /** The member's name; for `kind: "class"`, the class name (may be `undefined` for anonymous classes). */
  readonly name: string | symbol | undefined;
  /** `true` for a static member. */
  readonly isStatic: boolean;
  /** `true` for a `#private` member (standard dialect only). */
  readonly isPrivate: boolean;
  /** The class's own metadata object: read and write it with the functions of `metadata.ts`. */
  readonly metadata: MetadataObject;
  /**
   * The class, when it is known at decoration time: always in the legacy
   * dialect and for class decorators; `undefined` for standard member
   * decorators (they run before the class exists).
   */
  readonly ctor: Function | undefined;
  /** The class name when known, for messages; `undefined` otherwise. */
  readonly className: string | undefined;
  /**
   * The `design:type` emitted by `emitDecoratorMetadata` (legacy dialect,
   * with `reflect-metadata` loaded); `undefined` otherwise.
   */
  readonly designType: unknown;
  /**
   * Legacy `accessor` fields (and any legacy get/set pair): the compiler
   * writes the field initializer straight into private storage, bypassing
   * the setter, so an `init` hook cannot run there.
   */
  readonly initializerBypassesSetter: boolean;
  /**
   * Standard dialect: `context.addInitializer`. For members it runs per
   * instance at construction; for classes, once after the class is defined.
   * `undefined` in the legacy dialect.
   */
  readonly addInitializer: ((initializer: (this: unknown) => void) => void) | undefined;
}

/** What an accessor handler may return: replacements for get/set and an initializer hook. */
export interface AccessorHooks {
  /** Replaces the accessor's getter (it may call the original one it was given). */
  get?: (this: unknown) => unknown;
  /** Replaces the accessor's setter (it may call the original one it was given). */
  set?: (this: unknown, value: unknown) => void;
  /** Transforms (or validates) the initial value. Not applied where `initializerBypassesSetter`. */
  init?: (this: unknown, value: unknown) => unknown;
}

/**
 * What a field handler may return. Standard dialect: an `initializer` that
 * transforms the field's initial value. Legacy dialect: a `descriptor` that
 * is defined on the prototype (or the class, for a static field).
 */
export interface FieldHooks {
  /** Standard dialect: transforms (or validates) the field's initial value. */
  initializer?: (this: unknown, value: unknown) => unknown;
  /** Legacy dialect: the descriptor defined on the prototype (or the class, for a static field). */
  descriptor?: PropertyDescriptor;
}

/**
 * The per-kind handlers of one decorator. A kind without a handler is
 * rejected with a {@link ClassDefinitionError} naming the decorator, the
 * class and the member.
 */
export interface DecoratorSpec {
  /** The decorator's name as users write it, e.g. `"@positive"`; used in messages. */
  readonly name: string;
  /** Handles a class decoration; returns a replacement class or nothing. */
  class?(ctor: Function, d: Decoration): Function | undefined | void;
  /** Handles a method decoration; returns a replacement method or nothing. */
  method?(fn: Function, d: Decoration): Function | undefined | void;
  /** Handles a getter decoration; returns a replacement getter or nothing. */
  getter?(get: Function, d: Decoration): Function | undefined | void;
  /** Handles a setter decoration; returns a replacement setter or nothing. */
  setter?(set: Function, d: Decoration): Function | undefined | void;
  /** Handles an `accessor` field (standard) or accessor property (legacy); returns hooks or nothing. */
  accessor?(
    target: { get: (this: unknown) => unknown; set: (this: unknown, value: unknown) => void },
    d: Decoration,
  ): AccessorHooks | undefined | void;
  /** Handles a plain field; returns hooks for the dialect in use or nothing. */
  field?(d: Decoration): FieldHooks | undefined | void;
}

/**
 * The shape of a decorator that works in both dialects. Individual
 * decorators narrow it (see each decorator's own type).
 */
// biome-ignore lint/suspicious/noExplicitAny: a decorator must accept every call shape of both dialects
export type UniversalDecorator = (...args: any[]) => any;

interface StandardContext {
  kind: "class" | "method" | "getter" | "setter" | "accessor" | "field";
  name: string | symbol | undefined;
  static?: boolean;
  private?: boolean;
  metadata?: MetadataObject;
  addInitializer?: (initializer: (this: unknown) => void) => void;
}

/** `true` when the arguments are a TC39 standard decorator call. */
export function isStandardCall(args: readonly unknown[]): boolean {
  if (args.length !== 2) return false;
  const ctx = args[1];
  return ctx !== null && typeof ctx === "object" && typeof (ctx as { kind?: unknown }).kind === "string";
}

/** A label for messages: `Class.member`, `Class`, or `member` when the class is unknown. */
export function describeTarget(d: Pick<Decoration, "className" | "name" | "kind" | "isStatic">): string {
  const member = d.kind === "class" ? undefined : memberName(d.name);
  const cls = d.className ?? (d.kind === "class" ? memberName(d.name) : undefined);
  if (member === undefined) return cls ?? "<anonymous class>";
  return cls ? `${cls}.${member}` : member;
}

/** A property key as text: strings as is, symbols as `[description]`. */
export function memberName(key: PropertyKey | undefined): string | undefined {
  if (key === undefined) return undefined;
  return typeof key === "symbol" ? `[${key.description ?? "symbol"}]` : String(key);
}

function readDesignType(target: object, key: PropertyKey): unknown {
  const R = Reflect as unknown as { getMetadata?: (k: string, t: object, p: PropertyKey) => unknown };
  if (typeof R.getMetadata !== "function") return undefined;
  try {
    return R.getMetadata("design:type", target, key);
  } catch {
    return undefined;
  }
}

/** Class name for messages; standard member decorators run before the class has a binding. */
export const UNKNOWN_CLASS = "(class being defined)";

function unsupported(spec: DecoratorSpec, d: Decoration): never {
  const cls = d.className ?? (d.kind === "class" ? memberName(d.name) : undefined) ?? UNKNOWN_CLASS;
  const member = d.kind === "class" ? undefined : memberName(d.name);
  const allowed = (["class", "method", "getter", "setter", "accessor", "field"] as const).filter((k) => spec[k] !== undefined);
  throw new ClassDefinitionError(
    cls,
    member,
    `${spec.name} cannot decorate ${d.kind === "accessor" ? "an" : "a"} ${d.isStatic ? "static " : ""}${d.kind}; it applies to: ${allowed.join(", ") || "nothing"}`,
  );
}

/** A class, method, getter or setter handler: it is given the one function decorated. */
type FunctionHandler = (this: DecoratorSpec, fn: Function, d: Decoration) => unknown;

function standardCall(spec: DecoratorSpec, value: unknown, ctx: StandardContext): unknown {
  const isClass = ctx.kind === "class";
  let metadata = ctx.metadata;
  if (metadata === undefined || metadata === null) {
    // Symbol.metadata was missing when the class was defined (decorum's polyfill
    // had not run). Class decorators can still attach one; members cannot.
    if (isClass && typeof value === "function") metadata = ownMetadataOf(value);
    else
      throw new ClassDefinitionError(
        UNKNOWN_CLASS,
        memberName(ctx.name),
        `${spec.name}: the compiler passed no context.metadata: standard decorators need decorator metadata, which needs TypeScript 5.2 or newer (or another compiler that implements decorator metadata); if your compiler has it, Symbol.metadata was missing when the class was defined: import "decorum" before defining decorated classes`,
      );
  }
  if (isClass && typeof value === "function" && !Object.hasOwn(value, METADATA)) {
    // Attach the metadata now, so readers inside class decorators see it; the
    // compiler defines the same object again afterwards.
    Object.defineProperty(value, METADATA, { value: metadata, enumerable: true, configurable: true, writable: true });
  }
  const d: Decoration = {
    dialect: "standard",
    kind: ctx.kind,
    name: ctx.name,
    isStatic: ctx.static === true,
    isPrivate: ctx.private === true,
    metadata,
    ctor: isClass ? (value as Function) : undefined,
    className: isClass ? (ctx.name as string | undefined) : undefined,
    designType: undefined,
    initializerBypassesSetter: false,
    addInitializer: ctx.addInitializer?.bind(ctx),
  };
  switch (ctx.kind) {
    case "class":
    case "method":
    case "getter":
    case "setter": {
      const handler = spec[ctx.kind] as FunctionHandler | undefined;
      return handler ? (handler.call(spec, value as Function, d) ?? undefined) : unsupported(spec, d);
    }
    case "accessor": {
      if (!spec.accessor) return unsupported(spec, d);
      const target = value as { get: (this: unknown) => unknown; set: (this: unknown, v: unknown) => void };
      const hooks = spec.accessor(target, d);
      if (!hooks) return undefined;
      const result: { get?: unknown; set?: unknown; init?: unknown } = {};
      if (hooks.get) result.get = hooks.get;
      if (hooks.set) result.set = hooks.set;
      if (hooks.init) result.init = hooks.init;
      return result;
    }
    case "field": {
      if (!spec.field) return unsupported(spec, d);
      return spec.field(d)?.initializer;
    }
    default:
      return unsupported(spec, { ...d, kind: String(ctx.kind) as MemberKind });
  }
}

/** A legacy decoration: the class is known, nothing is private, and only an accessor's initial value bypasses its setter. */
function legacyDecoration(
  kind: MemberKind,
  name: string | symbol | undefined,
  ctor: Function,
  isStatic: boolean,
  designType: unknown,
): Decoration {
  return {
    dialect: "legacy",
    kind,
    name,
    isStatic,
    isPrivate: false,
    metadata: ownMetadataOf(ctor),
    ctor,
    className: ctor.name || undefined,
    designType,
    initializerBypassesSetter: kind === "accessor",
    addInitializer: undefined,
  };
}

function legacyCall(spec: DecoratorSpec, args: readonly unknown[]): unknown {
  if (args.length === 1 || (args.length >= 1 && typeof args[0] === "function" && args[1] === undefined && args.length < 3)) {
    const ctor = args[0] as Function;
    const d = legacyDecoration("class", ctor.name || undefined, ctor, false, undefined);
    return spec.class ? (spec.class(ctor, d) ?? undefined) : unsupported(spec, d);
  }

  const [target, key, rawDescriptor] = args as [object, PropertyKey, unknown];
  const isStatic = typeof target === "function";
  // A member computed as "constructor" replaces the prototype's class reference (an accessor may even throw when read).
  const own = isStatic ? undefined : Object.getOwnPropertyDescriptor(target, "constructor");
  if (key === "constructor" || (own !== undefined && typeof own.value !== "function"))
    throw new ClassDefinitionError(UNKNOWN_CLASS, "constructor", `${spec.name}: a class member named "constructor" cannot be used here`);
  const ctor = (isStatic ? target : (target as { constructor: Function }).constructor) as Function;
  const designType = readDesignType(target, key);
  const member = (kind: MemberKind): Decoration => legacyDecoration(kind, key as string | symbol, ctor, isStatic, designType);

  if (typeof rawDescriptor === "number") {
    throw new ClassDefinitionError(ctor.name || UNKNOWN_CLASS, memberName(key), `${spec.name} cannot decorate a parameter`);
  }

  const descriptor = rawDescriptor as (PropertyDescriptor & { initializer?: unknown }) | undefined;
  // A field: TypeScript passes no descriptor; Babel's legacy mode passes one with `initializer`.
  if (descriptor === undefined || descriptor === null || "initializer" in descriptor) {
    const d = member("field");
    if (!spec.field) return unsupported(spec, d);
    const hooks = spec.field(d);
    if (hooks?.descriptor) {
      // Define it ourselves: with reflect-metadata loaded, Reflect.decorate
      // does not apply a descriptor returned by a property decorator.
      const desc = { configurable: true, ...hooks.descriptor };
      Object.defineProperty(target, key, desc);
      return desc;
    }
    return undefined;
  }

  const isMethod = "value" in descriptor;
  const hasGet = typeof descriptor.get === "function";
  if (!isMethod && hasGet && typeof descriptor.set === "function") {
    const d = member("accessor");
    if (!spec.accessor) return unsupported(spec, d);
    const originalGet = descriptor.get as (this: unknown) => unknown;
    const originalSet = descriptor.set as (this: unknown, v: unknown) => void;
    const hooks = spec.accessor({ get: originalGet, set: originalSet }, d);
    if (!hooks || (!hooks.get && !hooks.set)) return undefined;
    const desc: PropertyDescriptor = {
      ...descriptor,
      get: hooks.get ?? originalGet,
      set: hooks.set ?? originalSet,
    };
    Object.defineProperty(target, key, desc);
    return desc;
  }

  // A method, a lone getter or a lone setter: the handler replaces the one function the descriptor holds.
  const slot = isMethod ? "value" : hasGet ? "get" : "set";
  const kind = isMethod ? "method" : hasGet ? "getter" : "setter";
  const d = member(kind);
  const handler = spec[kind] as FunctionHandler | undefined;
  if (!handler) return unsupported(spec, d);
  const fn = handler.call(spec, descriptor[slot] as Function, d);
  if (!fn) return undefined;
  const desc: PropertyDescriptor = { ...descriptor, [slot]: fn };
  Object.defineProperty(target, key, desc);
  return desc;
}

/**
 * Builds a decorator that works in both dialects from per-kind handlers.
 * The handlers see one {@link Decoration}; the returned function accepts
 * any call shape and answers in the caller's dialect.
 *
 * @example
 * ```ts
 * export const logged = createDecorator({
 *   name: "@logged",
 *   method: (fn, d) => function (this: unknown, ...args: unknown[]) {
 *     console.log(`calling ${String(d.name)}`);
 *     return fn.apply(this, args);
 *   },
 * });
 * ```
 * @throws {ClassDefinitionError} when applied to a member kind it has no handler for.
 */
export function createDecorator<T extends UniversalDecorator = UniversalDecorator>(spec: DecoratorSpec): T {
  const decorator = (...args: unknown[]): unknown =>
    isStandardCall(args) ? standardCall(spec, args[0], args[1] as StandardContext) : legacyCall(spec, args);
  Object.defineProperty(decorator, "name", { value: spec.name.replace(/^@/, ""), configurable: true });
  return decorator as T;
}

/**
 * Describes a member for the programmatic API (no decorator syntax): what a
 * legacy decorator would have been told about `Class.prototype[key]` (or
 * `Class[key]` when `isStatic`).
 */
export function applyDecorator(decorator: UniversalDecorator, ctor: Function, key?: PropertyKey, isStatic = false): void {
  if (key === undefined) {
    const replacement = decorator(ctor);
    if (replacement !== undefined && replacement !== ctor) {
      throw new ClassDefinitionError(
        ctor.name || "<anonymous class>",
        undefined,
        "this decorator replaces the class; apply it with decorator syntax instead",
      );
    }
    return;
  }
  const target = isStatic ? ctor : (ctor.prototype as object);
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  decorator(target, key, descriptor);
}
