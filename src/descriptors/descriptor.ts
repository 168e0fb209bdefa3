/**
 * `descriptor()`: reusable validated properties, and `applyDescriptor` for
 * plain JavaScript. A descriptor is a decorator that works in both decorator
 * dialects; it learns its member's name from the decoration, stores values
 * per instance and reports `Class.member: <problem> (got <value>)`.
 *
 * @module
 */
import { applyDecorator, createDecorator } from "../decorators/dialect.js";
import { ClassDefinitionError, formatValue } from "../errors.js";
import { onAccessor, onField } from "./install.js";
import { type Constraint, type DescriptorOptions, type Rule, toRule } from "./rule.js";

const RULE: unique symbol = Symbol("decorum.descriptor");

/**
 * A reusable validated-property decorator. Use it on `accessor` fields
 * (every dialect) or, under legacy `experimentalDecorators`, on plain fields;
 * stack several on one member; apply it without syntax with
 * {@link applyDescriptor}.
 *
 * @example
 * ```ts
 * const Even: Descriptor<number> = descriptor<number>({ validate: (v) => v % 2 === 0 || "must be even" });
 * ```
 */
export interface Descriptor<T> {
  /** Standard decorators: an `accessor` field. */
  <This, V extends T | undefined>(
    target: ClassAccessorDecoratorTarget<This, V>,
    context: ClassAccessorDecoratorContext<This, V>,
  ): ClassAccessorDecoratorResult<This, V> | void;
  /** Standard decorators: a plain field is refused at class definition (add `accessor`). */
  <This, V extends T | undefined>(target: undefined, context: ClassFieldDecoratorContext<This, V>): ((this: This, value: V) => V) | void;
  /** Legacy `experimentalDecorators`: a field, or a get/set pair (what `accessor` compiles to). */
  // biome-ignore lint/suspicious/noExplicitAny: legacy decorators may return a descriptor or nothing
  (target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor): any;
  /** The descriptor's name, as used in messages and issue codes. */
  readonly descriptorName: string;
}

/** Builds the decorator for one rule. */
export function fromRule<T>(rule: Rule): Descriptor<T> {
  const decorator = createDecorator({
    name: `@${rule.name}`,
    accessor: (target, d) => onAccessor(rule, target, d),
    field: (d) => onField(rule, d),
  });
  Object.defineProperty(decorator, RULE, { value: rule });
  Object.defineProperty(decorator, "descriptorName", { value: rule.name, enumerable: true });
  return decorator as unknown as Descriptor<T>;
}

/**
 * Builds a reusable validated property from hooks: `coerce` converts an
 * incoming value, `validate` accepts it (`true`) or rejects it (a message or
 * `false`), `set` transforms it before storing, `get` on every read.
 *
 * @example
 * ```ts
 * const Quantity = descriptor<number>({ validate: (v) => v > 0 || "must be positive" });
 * class LineItem {
 *   @Quantity accessor weight = 1;
 * }
 * new LineItem().weight = -1; // ValidationError: LineItem.weight: must be positive (got -1)
 * ```
 * @throws {ClassDefinitionError} when applied to a static member, or to a plain
 *   field under standard decorators (the message says to add `accessor`).
 */
export function descriptor<T>(options: DescriptorOptions<T>): Descriptor<T> {
  return fromRule<T>(toRule(options, "descriptor"));
}

/** A built-in validator: {@link descriptor} plus the data of what it checks (for schema exports). */
export function builtinDescriptor<T>(options: DescriptorOptions<T>, constraint: Constraint): Descriptor<T> {
  return fromRule<T>(toRule(options, "descriptor", constraint));
}

/**
 * `true` when `value` is a descriptor built by decorum (`positive`, `descriptor({...})`, …).
 *
 * @example
 * ```ts
 * isDescriptor(positive); // true
 * ```
 */
export function isDescriptor(value: unknown): value is Descriptor<unknown> {
  return typeof value === "function" && RULE in value;
}

/**
 * Applies descriptors to `Class.prototype[member]` without decorator syntax,
 * exactly as `@a @b member` would (so `a` runs before `b`). Works on a
 * get/set pair (including a compiled `accessor`) or a plain field. If the
 * class declares `member` with class-field syntax (an own data property per
 * instance), also pass the class through `validated()` and use the class it
 * returns.
 *
 * @example
 * ```js
 * class LineItem { constructor() { this.weight = 1; } }
 * applyDescriptor(LineItem, "weight", positive);
 * new LineItem().weight = -1; // ValidationError: LineItem.weight: must be positive (got -1)
 * ```
 * @throws {ClassDefinitionError} when an argument is not a descriptor.
 */
export function applyDescriptor(ctor: Function, member: PropertyKey, ...descriptors: Descriptor<never>[]): void {
  if (typeof ctor !== "function" || ctor.prototype === null || typeof ctor.prototype !== "object")
    throw new TypeError(`applyDescriptor(Class, member, ...descriptors): Class must be a class (got ${formatValue(ctor)})`);
  if (typeof member !== "string" && typeof member !== "symbol" && typeof member !== "number")
    throw new TypeError(
      `applyDescriptor(${ctor.name || "Class"}, member, ...): member must be a property name (got ${formatValue(member)})`,
    );
  for (const d of descriptors) {
    if (!isDescriptor(d)) {
      throw new ClassDefinitionError(
        ctor.name || "<anonymous class>",
        typeof member === "symbol" ? `[${member.description ?? "symbol"}]` : String(member),
        "applyDescriptor expects descriptors (positive, range(…), descriptor({…}), …)",
      );
    }
  }
  for (let i = descriptors.length - 1; i >= 0; i--) {
    applyDecorator(descriptors[i] as Descriptor<never>, ctor, member);
  }
}
