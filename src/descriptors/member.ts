/**
 * One descriptor-managed member of one class: its rules (inherited and own),
 * its compiled write pipeline, and its per-instance bookkeeping keys. The
 * record is stored in the class metadata under `"descriptors.rules"`.
 *
 * Write pipeline, in this order: readonly check, every `coerce`, every
 * `validate` (the first failure throws; later validators do not run), every
 * `set` transform, then the value is stored. Inherited rules run before the
 * class's own; a class's own rules run top to bottom as written.
 *
 * @module
 */
import type { Dialect } from "../decorators/dialect.js";
import { getMemberData } from "../decorators/metadata.js";
import { METADATA } from "../decorators/polyfill.js";
import { type Issue, type PathSegment, ValidationError } from "../errors.js";
import { builtinCheckOf } from "./builtin.js";
import type { Constraint, Rule } from "./rule.js";
import { specialise } from "./specialise.js";

/**
 * Metadata namespace under which each descriptor-managed member's record is stored.
 *
 * @example
 * ```ts
 * membersWith<DescriptorInfo>(LineItem, RULES_NAMESPACE); // what descriptorMembers(LineItem) returns
 * ```
 */
export const RULES_NAMESPACE = "descriptors.rules";

/**
 * Public summary of one rule of a member.
 *
 * @example
 * ```ts
 * descriptorMembers(LineItem).get("weight")?.rules; // [{ name: "Quantity", code: "Quantity", readonly: false }]
 * ```
 */
export interface RuleInfo {
  /** The rule's name: `positive`, `range`, a custom descriptor's `name`… */
  readonly name: string;
  /** The issue code it reports. */
  readonly code: string;
  /** `true` for `readonly`. */
  readonly readonly: boolean;
  /** What a built-in validator checks (`{ kind: "range", min, max }`, ...); `undefined` for custom rules. */
  readonly constraint: Constraint | undefined;
  /** The message used when the rule's `validate` returns `false` (custom validators: their `message`). */
  readonly message: string;
  /** `true` when the rule converts incoming values (`coerce`): later validators see the converted value. */
  readonly coerces: boolean;
}

/**
 * What the descriptors layer knows about one managed member, as returned by
 * `descriptorMembers(Class)`.
 *
 * @example
 * ```ts
 * descriptorMembers(LineItem).get("weight")?.check(-1); // [{ path: ["weight"], code: "Quantity", … }]
 * ```
 */
export interface DescriptorInfo {
  /** The member's name. */
  readonly member: PropertyKey;
  /** `"accessor"` for an `accessor` field or a get/set pair; `"field"` for a plain field (legacy decorators only). */
  readonly storage: "accessor" | "field";
  /** The decorator dialect that decorated it (`applyDescriptor` counts as legacy). */
  readonly dialect: Dialect;
  /** Every rule, in the order they run (inherited first). */
  readonly rules: readonly RuleInfo[];
  /** `true` when one of the rules is `readonly`. */
  readonly readonly: boolean;
  /**
   * Runs the member's coercions and validators on `value` without writing
   * anything; returns the issues (empty when valid), paths starting with the member.
   */
  check(value: unknown, instance?: object): readonly Issue[];
}

/**
 * Instances currently in a construction-phase write window (see
 * `initializing`). Kept on `globalThis` under a `Symbol.for` key, like the
 * metadata store, so an ESM and a CJS copy of decorum agree on it.
 */
export const INITIALIZING: Set<object> = ((globalThis as Record<symbol, unknown>)[Symbol.for("decorum.descriptors.initializing")] ??=
  new Set<object>()) as Set<object>;
/** Set in an instance's state when its construction finished (classes passed through `finishClass`); shared by every copy. */
export const CONSTRUCTED: unique symbol = Symbol.for("decorum.constructed") as never;

/**
 * decorum's per-instance state: the value slots of legacy plain fields (and
 * `applyDescriptor` fields), `readonly` locks and {@link CONSTRUCTED}, keyed
 * by per-record symbols. (A legacy accessor's "initial value checked" mark
 * is a {@link Mark}: one private field per member, checked on every access.)
 *
 * It is held in a **private field** that decorum attaches to the instance
 * (a class whose base constructor returns the instance stamps it), so no
 * property of the instance holds it: `Object.assign`, object spread,
 * `structuredClone`, `JSON.stringify`, `Object.keys`, `for…in` and even
 * `Reflect.ownKeys` see nothing of it, and copying an instance can neither
 * carry a value past its validators nor carry a lock or mark to another
 * instance. Attaching costs about as much as a property write (a
 * non-enumerable `defineProperty` costs tens of times more), reading it about as much
 * as a property read.
 */
export type InstanceState = Record<symbol, unknown>;

interface StateHolder {
  /** The instance's own state, or `undefined`. */
  readonly get: (self: object) => InstanceState | undefined;
  /** Attaches `state` to `self` (which must not have one). */
  readonly attach: (self: object, state: InstanceState) => void;
}

function makeHolder(): StateHolder {
  class Stamp {
    constructor(self: object) {
      // biome-ignore lint/correctness/noConstructorReturn: the return override is how a private field is attached to an existing object
      return self;
    }
  }
  class Held extends Stamp {
    #state: InstanceState;
    constructor(self: object, state: InstanceState) {
      super(self);
      this.#state = state;
    }
    static get(self: object): InstanceState | undefined {
      return #state in self ? self.#state : undefined;
    }
    static attach(self: object, state: InstanceState): void {
      new Held(self, state);
    }
  }
  return { get: Held.get, attach: Held.attach };
}

/** One holder per process, shared by every copy of decorum (ESM and CJS loaded together agree on one state). */
const HOLDER: StateHolder = ((globalThis as Record<symbol, unknown>)[Symbol.for("decorum.descriptors.state")] ??=
  makeHolder()) as StateHolder;
const ownStateOf = HOLDER.get;

/**
 * The state an instance reads through: its own, else (an object whose
 * prototype is an instance) the nearest prototype's, else `undefined`
 * (nothing written yet).
 */
export function stateOf(self: object): InstanceState | undefined {
  const own = ownStateOf(self);
  return own !== undefined ? own : inheritedState(self);
}

function inheritedState(self: object): InstanceState | undefined {
  for (let p = Object.getPrototypeOf(self) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    const found = ownStateOf(p);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The instance's own state, created on first use (an object whose prototype
 * is an instance starts its own, empty state with its first write, so the
 * write never changes the prototype instance).
 *
 * @example
 * ```ts
 * ownState(item)[record.lockKey] = true; // Object.assign({}, item) copies nothing of it
 * ```
 */
export function ownState(self: object): InstanceState {
  const own = ownStateOf(self);
  if (own !== undefined) return own;
  const state: InstanceState = {};
  HOLDER.attach(self, state);
  return state;
}

/**
 * A per-instance boolean that is not a property: a private field of its own
 * (one per record), attached by a class whose base constructor returns the
 * instance. `has` is one brand check, as cheap as a property load; `add`
 * costs about a property write. Where code generation is allowed each mark
 * is its own compiled class, so its brand check sees only its member's
 * instances.
 */
export interface Mark {
  /** `true` when `self` carries the mark. */
  readonly has: (self: object) => boolean;
  /** Puts the mark on `self` (idempotent). */
  readonly add: (self: object) => void;
}

const MARK_SOURCE = `class Stamp { constructor(self) { return self; } }
class Marked extends Stamp { #mark = true; static has(self) { return #mark in self; } static add(self) { if (!(#mark in self)) new Marked(self); } }
return { has: Marked.has, add: Marked.add };`;

function closureMark(): Mark {
  class Stamp {
    constructor(self: object) {
      // biome-ignore lint/correctness/noConstructorReturn: the return override is how a private field is attached to an existing object
      return self;
    }
  }
  class Marked extends Stamp {
    #mark = true;
    static has(self: object): boolean {
      return #mark in self;
    }
    static add(self: object): void {
      if (!(#mark in self)) new Marked(self);
    }
  }
  return { has: Marked.has, add: Marked.add };
}

/** A fresh {@link Mark}. */
export function makeMark(): Mark {
  return specialise<Mark>([], MARK_SOURCE, []) ?? closureMark();
}

/** Bumped whenever a record is created or changed; invalidates cached per-class plans. */
export let recordVersion = 0;

function memberSegment(key: PropertyKey): PathSegment {
  return typeof key === "symbol" ? `Symbol(${key.description ?? ""})` : typeof key === "number" ? String(key) : key;
}

/** The instance's class name for messages, without running user code that could throw. */
export function classNameOf(instance: object, fallback: string | undefined): string | undefined {
  try {
    const ctor = (instance as { constructor?: unknown }).constructor;
    if (typeof ctor === "function" && typeof ctor.name === "string" && ctor.name) return ctor.name;
  } catch {
    // a hostile constructor getter: fall back
  }
  return fallback;
}

type Prepare = (self: object, value: unknown) => unknown;

/** No initial value accepted yet (see {@link MemberRecord.okInitial}). */
export const NO_INITIAL: unique symbol = Symbol("decorum.noInitial");
/** Built-in checks whose answer depends on the value alone (`pattern` is left out: a global or sticky RegExp keeps state). */
const PURE = new Set<string | undefined>(["positive", "nonNegative", "integer", "finite", "range", "typed", "oneOf", "length"]);

/** The descriptor record of one member of one class. */
export class MemberRecord implements DescriptorInfo {
  readonly member: PropertyKey;
  readonly storage: "accessor" | "field";
  readonly dialect: Dialect;
  /** Class name when known at decoration time (legacy), for messages. */
  readonly className: string | undefined;
  /** The base class's record for the same member, if any. */
  inherited: MemberRecord | undefined;
  /**
   * Standard member decorators run before the class exists, and some
   * compilers give `context.metadata` no link to the base class's metadata:
   * the base record is then found on first use, from the owning class.
   */
  private linkMetadata: object | undefined;
  /** `false` when the storage is an inherited managed setter that enforces the inherited rules itself. */
  readonly enforcesInherited: boolean;
  /** `true` when the value lives in this record's own per-instance slot (legacy plain field). */
  readonly usesSlot: boolean;
  /** Own rules, top to bottom as written. */
  readonly own: Rule[] = [];
  /** Key of the value in the instance's state (plain fields under legacy decorators). */
  readonly slot: symbol;
  /** Key in the instance's state: `true` once a readonly member was explicitly written. */
  readonly lockKey: symbol;
  #checked: Mark | undefined;
  /** Legacy get/set pair whose initial value bypasses the setter: the compiler's own getter and setter. */
  initialGetter: ((this: unknown) => unknown) | undefined;
  initialSetter: ((this: unknown, value: unknown) => void) | undefined;
  /** Runs the write pipeline of an assignment; returns the value to store or throws. */
  prepare: Prepare;
  private dependents: MemberRecord[] = [];
  private cachedRules: readonly Rule[] = [];
  /** `true` when an enforced rule is `readonly` (its write pipeline has a readonly gate an initial value skips). */
  private gated = false;
  /**
   * `true` when an initial value other than `undefined` runs exactly {@link MemberRecord.prepare} (linked, no
   * readonly gate): what {@link MemberRecord.prepareInitial} does then, which a member's own initializer calls directly.
   */
  initialFast = false;
  /**
   * The last initial value (a primitive) that {@link MemberRecord.prepare} accepted unchanged, when every
   * enforced rule is a pure built-in check (same answer for the same value, whatever the instance):
   * a member's initializer accepts that value again without running the rules. {@link NO_INITIAL} when none.
   */
  okInitial: unknown = NO_INITIAL;
  /** `true` when {@link MemberRecord.okInitial} may remember a value (see there). */
  pureInitial = false;

  constructor(options: {
    member: PropertyKey;
    storage: "accessor" | "field";
    dialect: Dialect;
    className: string | undefined;
    inherited: MemberRecord | undefined;
    enforcesInherited: boolean;
    usesSlot: boolean;
    /** Metadata object of the owning class, when the base record must be looked up later. */
    linkLater?: object;
  }) {
    this.member = options.member;
    this.storage = options.storage;
    this.dialect = options.dialect;
    this.className = options.className;
    this.inherited = options.inherited;
    this.enforcesInherited = options.enforcesInherited;
    this.usesSlot = options.usesSlot;
    const label = typeof this.member === "symbol" ? (this.member.description ?? "symbol") : String(this.member);
    this.slot = Symbol(`decorum.value:${label}`);
    this.lockKey = Symbol(`decorum.readonly:${label}`);
    this.#checked = undefined;
    this.initialGetter = undefined;
    this.initialSetter = undefined;
    this.prepare = identity;
    this.linkMetadata = options.inherited === undefined ? options.linkLater : undefined;
    options.inherited?.dependents.push(this);
    this.recompile();
  }

  /** Per-instance mark, set once a legacy accessor's initial value was validated (or replaced by a validated write); made on first use. */
  get checked(): Mark {
    if (this.#checked === undefined) this.#checked = makeMark();
    return this.#checked;
  }

  /** Finds the base record, once, from the class that owns this record. */
  link(owner: Function): void {
    if (this.linkMetadata === undefined) return;
    this.linkMetadata = undefined;
    const base: unknown = Object.getPrototypeOf(owner);
    const inherited = typeof base === "function" ? getMemberData<MemberRecord>(base, this.member, RULES_NAMESPACE) : undefined;
    if (inherited !== undefined && inherited !== this) {
      this.inherited = inherited;
      inherited.dependents.push(this);
    }
    this.recompile();
  }

  /** Links from an instance: the owning class is the one whose metadata is this record's. */
  private linkFrom(self: object): void {
    const metadata = this.linkMetadata;
    for (let p: unknown = Object.getPrototypeOf(self); p !== null && typeof p === "object"; p = Object.getPrototypeOf(p)) {
      const ctor = Object.hasOwn(p, "constructor") ? (p as { constructor: unknown }).constructor : undefined;
      if (
        typeof ctor === "function" &&
        Object.hasOwn(ctor, METADATA) &&
        (ctor as unknown as Record<symbol, unknown>)[METADATA] === metadata
      ) {
        this.link(ctor);
        return;
      }
    }
    this.linkMetadata = undefined; // owner not found (e.g. a detached prototype): keep the own rules
    this.recompile();
  }

  /** Links if needed (first use of a standard-decorated member). */
  ensureLinked(self: object): void {
    if (this.linkMetadata !== undefined) this.linkFrom(self);
  }

  /** Every rule in run order: inherited first, then own. */
  get ruleList(): readonly Rule[] {
    return this.cachedRules;
  }

  get rules(): readonly RuleInfo[] {
    return this.cachedRules.map((r) => ({
      name: r.name,
      code: r.code,
      readonly: r.readonly,
      constraint: r.constraint,
      message: r.message,
      coerces: r.coerce !== undefined,
    }));
  }

  get readonly(): boolean {
    return this.cachedRules.some((r) => r.readonly);
  }

  /** Adds a rule written above the ones already applied (decorators apply bottom-up). */
  addOwn(rule: Rule): void {
    this.own.unshift(rule);
    this.recompile();
  }

  /** The rules this record's own pipeline runs. */
  enforced(): readonly Rule[] {
    return this.enforcesInherited ? this.cachedRules : this.own;
  }

  private recompile(): void {
    this.cachedRules = [...(this.inherited?.ruleList ?? []), ...this.own];
    this.gated = this.enforced().some((r) => r.readonly);
    this.initialFast = this.linkMetadata === undefined && !this.gated;
    this.okInitial = NO_INITIAL;
    this.pureInitial =
      this.initialFast &&
      this.enforced().every(
        (r) => r.coerce === undefined && r.set === undefined && (r.validate === undefined || PURE.has(builtinCheckOf(r.validate)?.kind)),
      );
    if (this.linkMetadata !== undefined) {
      this.prepare = (self, value) => {
        this.linkFrom(self);
        return this.prepare(self, value);
      };
    } else {
      this.prepare = compile(this, this.enforced());
    }
    recordVersion++;
    for (const d of this.dependents) d.recompile();
  }

  /** Throws the `ValidationError` for one failed rule. */
  fail(self: object, rule: Rule, value: unknown, result: unknown): never {
    const message = typeof result === "string" && result !== "" ? result : rule.message;
    const issue: Issue = {
      path: [memberSegment(this.member)],
      code: rule.code,
      message,
      ...(rule.expected !== undefined ? { expected: rule.expected } : {}),
      received: value,
    };
    throw new ValidationError([issue], classNameOf(self, this.className));
  }

  /** The pipeline for an initial value (initializer): no readonly check; `undefined` means unset. */
  prepareInitial(self: object, value: unknown): unknown {
    this.ensureLinked(self);
    if (value === undefined) return value;
    // Without a readonly rule the write pipeline is the same (its readonly gate has nothing to do): the compiled one.
    return this.gated ? runRules(this, this.enforced(), self, value, false) : this.prepare(self, value);
  }

  /**
   * Validates a legacy accessor's initial value (written by the compiler
   * into private storage, bypassing the setter) and marks it checked.
   */
  checkInitial(self: object): void {
    const get = this.initialGetter;
    if (get === undefined) return;
    const value = get.call(self);
    const prepared = this.prepareInitial(self, value);
    if (prepared !== value) this.initialSetter?.call(self, prepared);
    this.checked.add(self);
  }

  check(value: unknown, instance?: object): readonly Issue[] {
    const self = instance ?? {};
    if (instance !== undefined) this.ensureLinked(instance);
    try {
      runRules(this, this.cachedRules, self, value, false);
      return [];
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
  }
}

function identity(_self: object, value: unknown): unknown {
  return value;
}

/**
 * `true` when this write is an explicit write that locks a readonly member;
 * `false` for a construction-phase write; throws when the member is locked.
 */
function readonlyGate(record: MemberRecord, rule: Rule, self: object, value: unknown): boolean {
  if (INITIALIZING.size !== 0 && INITIALIZING.has(self)) return false;
  const state = stateOf(self);
  // A plain field's first write under legacy decorators is its initializer.
  if (record.usesSlot && (state === undefined || !Object.hasOwn(state, record.slot))) return false;
  if (state !== undefined && (state[CONSTRUCTED] === true || state[record.lockKey] === true)) {
    record.fail(self, rule, value, "is read-only after construction");
  }
  return true;
}

function runRules(record: MemberRecord, rules: readonly Rule[], self: object, value: unknown, gate: boolean): unknown {
  let lock = false;
  if (gate) {
    for (const rule of rules) if (rule.readonly && readonlyGate(record, rule, self, value)) lock = true;
  }
  for (const rule of rules) if (rule.coerce !== undefined) value = rule.coerce(value, self);
  for (const rule of rules) {
    if (rule.validate === undefined) continue;
    const result = rule.validate(value, self);
    if (result !== true) record.fail(self, rule, value, result);
  }
  for (const rule of rules) if (rule.set !== undefined) value = rule.set(value, self);
  if (lock) ownState(self)[record.lockKey] = true;
  return value;
}

/** Compiles a member's rules into one write function, specialised for the common shapes. */
function compile(record: MemberRecord, rules: readonly Rule[]): Prepare {
  if (rules.length === 0) return identity;
  const simple = rules.every((r) => !r.readonly && r.coerce === undefined && r.set === undefined);
  if (!simple) return (self, value) => runRules(record, rules, self, value, true);
  const checks = rules.filter((r) => r.validate !== undefined);
  if (checks.length === 0) return identity;
  const validators = checks.map((r) => r.validate as NonNullable<Rule["validate"]>);
  // One unrolled, per-member function: each validator call site sees one target.
  let body = "";
  for (let i = 0; i < checks.length; i++) body += `const v${i} = validators[${i}], c${i} = checks[${i}];\n`;
  body += "return function prepare(self, value) {\n  let r;\n";
  for (let i = 0; i < checks.length; i++) body += `  if ((r = v${i}(value, self)) !== true) record.fail(self, c${i}, value, r);\n`;
  body += "  return value;\n};";
  const generated = specialise<Prepare>(["record", "validators", "checks"], body, [record, validators, checks]);
  if (generated !== undefined) return generated;
  const n = validators.length;
  return (self, value) => {
    for (let i = 0; i < n; i++) {
      const result = (validators[i] as NonNullable<Rule["validate"]>)(value, self);
      if (result !== true) record.fail(self, checks[i] as Rule, value, result);
    }
    return value;
  };
}
