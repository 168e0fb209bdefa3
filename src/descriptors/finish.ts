/**
 * The class-level half of descriptors: `descriptorMembers` (what the
 * registry reads), `initializing` (construction-phase writes),
 * `finishClass` (the end-of-construction step: routes shadowing own fields
 * through their validated accessors, validates legacy `accessor` initial
 * values, seals `readonly` members). The `@validated` class decorator, which
 * applies it to classes that are not models, is in `validated.ts`.
 *
 * @module
 */
import { classChain, getOwnMemberData, type MetadataObject, membersWith } from "../decorators/metadata.js";
import { METADATA } from "../decorators/polyfill.js";
import { ErrorCode, type Issue, ValidationError } from "../errors.js";
import {
  CONSTRUCTED,
  classNameOf,
  type DescriptorInfo,
  INITIALIZING,
  type MemberRecord,
  ownState,
  RULES_NAMESPACE,
  recordVersion,
} from "./member.js";

/**
 * Every descriptor-managed member of a class, inherited ones first (a
 * redeclared member keeps its base position), keyed by member name.
 *
 * @example
 * ```ts
 * for (const [name, info] of descriptorMembers(LineItem)) console.log(name, info.rules.map((r) => r.name));
 * ```
 */
export function descriptorMembers(ctor: Function): Map<PropertyKey, DescriptorInfo> {
  for (const c of classChain(ctor)) {
    for (const record of ownDescriptorRecords(c)) record.link(c);
  }
  return membersWith<DescriptorInfo>(ctor, RULES_NAMESPACE);
}

/** A ValidationError from this or another copy of decorum. */
function isValidationError(error: unknown): error is ValidationError {
  return error instanceof ValidationError || (error instanceof Error && (error as { code?: unknown }).code === ErrorCode.validation);
}

/** Structural check, so records made by another copy of decorum (ESM and CJS loaded together) count too. */
function isRecord(value: unknown): value is MemberRecord {
  return value !== null && typeof value === "object" && typeof (value as MemberRecord).link === "function" && "storage" in value;
}

function ownDescriptorRecords(ctor: Function): MemberRecord[] {
  if (!Object.hasOwn(ctor, METADATA)) return [];
  const metadata = (ctor as unknown as Record<symbol, unknown>)[METADATA];
  if (metadata === null || typeof metadata !== "object") return [];
  const out: MemberRecord[] = [];
  for (const [key, info] of membersWith<unknown>(ctor, RULES_NAMESPACE)) {
    const own = getOwnMemberData<unknown>(metadata as MetadataObject, key, RULES_NAMESPACE);
    if (isRecord(own) && own === info) out.push(own);
  }
  return out;
}

/**
 * Runs `fn` with `instance` in its construction phase: every validator still
 * runs on writes to `instance`, but `readonly` members accept them even after
 * construction. The registry performs deserialize's field writes inside it.
 *
 * @example
 * ```ts
 * const order = new Order();
 * initializing(order, () => { order.id = 42; }); // allowed although `id` is @readonly
 * ```
 * @throws whatever `fn` throws (e.g. a {@link ValidationError} from a write).
 */
export function initializing<T>(instance: object, fn: () => T): T {
  if (!enterInitializing(instance)) return fn();
  try {
    return fn();
  } finally {
    INITIALIZING.delete(instance);
  }
}

/**
 * The closure-free form of {@link initializing}, for hot paths such as the
 * registry's decoders: opens `instance`'s construction phase and returns
 * `true`, or returns `false` when it is already open (then do not close it).
 * Pair every `true` with {@link exitInitializing} in a `finally`.
 *
 * @example
 * ```ts
 * const opened = enterInitializing(order);
 * try { order.id = 42; } finally { if (opened) exitInitializing(order); }
 * ```
 */
export function enterInitializing(instance: object): boolean {
  if (INITIALIZING.has(instance)) return false;
  INITIALIZING.add(instance);
  return true;
}

/** Closes the construction phase opened by {@link enterInitializing}. */
export function exitInitializing(instance: object): void {
  INITIALIZING.delete(instance);
}

/**
 * `true` when instances of `ctor` have a `readonly` member (declared on it or
 * inherited), i.e. when writes after construction need {@link initializing}
 * to be accepted. Cached per class; lets hot paths skip the construction
 * phase bookkeeping for classes that cannot need it.
 *
 * @example
 * ```ts
 * if (hasReadonlyMembers(Order)) initializing(order, () => { order.id = 42; });
 * ```
 */
export function hasReadonlyMembers(ctor: Function): boolean {
  return planOf(ctor).seal;
}

interface Plan {
  version: number;
  /** Plain fields whose own data property (define semantics) must go through the accessor. */
  reroute: MemberRecord[];
  /** Legacy get/set pairs whose initial value bypassed the setter. */
  initial: MemberRecord[];
  /** Seal readonly members at the end of construction. */
  seal: boolean;
}

const plans = new WeakMap<Function, Plan>();

function planOf(ctor: Function): Plan {
  const cached = plans.get(ctor);
  if (cached !== undefined && cached.version === recordVersion) return cached;
  const plan: Plan = { version: recordVersion, reroute: [], initial: [], seal: false };
  for (const info of descriptorMembers(ctor).values()) {
    if (!isRecord(info)) continue;
    if (info.storage === "field") plan.reroute.push(info);
    else if (info.initialGetter !== undefined) plan.initial.push(info);
    if (info.readonly) plan.seal = true;
  }
  plans.set(ctor, plan);
  return plan;
}

function needsHelp(plan: Plan): boolean {
  return plan.reroute.length > 0 || plan.initial.length > 0 || plan.seal;
}

/**
 * The end of construction for `instance`: moves own data properties that
 * shadow validated accessors through them, validates legacy `accessor`
 * initial values, then seals readonly members. Every failing member is
 * reported in one {@link ValidationError}.
 */
function finishInstance(instance: object, ctor: Function): void {
  const plan = planOf(ctor);
  const issues: Issue[] = [];
  const bag = instance as Record<PropertyKey, unknown>;
  initializing(instance, () => {
    for (const record of plan.reroute) {
      const key = record.member;
      const own = Object.getOwnPropertyDescriptor(instance, key);
      if (own === undefined || !("value" in own)) continue;
      delete bag[key];
      if (own.value === undefined) continue; // a field without initializer: unset
      try {
        bag[key] = own.value;
      } catch (error) {
        if (!isValidationError(error)) throw error;
        issues.push(...error.issues);
      }
    }
    for (const record of plan.initial) {
      if (record.checked.has(instance)) continue;
      try {
        record.checkInitial(instance);
      } catch (error) {
        if (!isValidationError(error)) throw error;
        issues.push(...error.issues);
      }
    }
  });
  if (plan.seal) ownState(instance)[CONSTRUCTED] = true;
  if (issues.length > 0) throw new ValidationError(issues, classNameOf(instance, undefined));
}

/** Classes returned by finishClass (and the classes they were made from), mapped to the result. */
const finished = new WeakMap<Function, Function>();

/**
 * Prepares a class whose members carry descriptors for use: returns the
 * class itself when it needs no help, otherwise a subclass with the same
 * name and static side whose constructor, after the original one, routes
 * shadowing own fields through their validated accessors (legacy decorators
 * with `useDefineForClassFields: true`), validates legacy `accessor` initial
 * values and seals `readonly` members. Idempotent. `@model` and
 * `@validated` call it.
 *
 * @example
 * ```ts
 * const Safe = finishClass(LineItem); // use Safe from now on
 * ```
 * @throws {ValidationError} from the returned class's constructor, listing every invalid member.
 */
export function finishClass<C extends Function>(ctor: C): C {
  const done = finished.get(ctor);
  if (done !== undefined) return done as C;
  if (!needsHelp(planOf(ctor))) {
    finished.set(ctor, ctor);
    return ctor;
  }
  const Base = ctor as unknown as new (...args: unknown[]) => object;
  const name = ctor.name;
  const Finished = {
    [name]: class extends Base {
      constructor(...args: unknown[]) {
        super(...args);
        // A further subclass that is finished itself does this at its own end.
        const target = new.target as Function;
        if (target === Finished || finished.get(target) !== target) finishInstance(this, target);
      }
    },
  }[name] as unknown as Function;
  Object.defineProperty(Finished, "length", { value: ctor.length, configurable: true });
  finished.set(ctor, Finished);
  finished.set(Finished, Finished);
  return Finished as C;
}
