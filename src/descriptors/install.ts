/**
 * Installs a descriptor on one member, per dialect and member shape:
 *
 * - standard `accessor`: wraps the compiler's get/set (storage stays the
 *   compiler's per-instance private field) and validates the initial value
 *   in `init`;
 * - legacy get/set pair (what `accessor` compiles to, or a hand-written
 *   pair): wraps get/set; the compiler writes the initial value straight into
 *   private storage, so it is validated on the first read (and by
 *   `finishClass` at the end of construction);
 * - legacy plain field: defines a prototype accessor whose value lives in a
 *   slot of the instance's hidden state object (see `InstanceState`), or
 *   delegates to an inherited accessor;
 * - standard plain field: refused with a `ClassDefinitionError` (add `accessor`).
 *
 * Stacked descriptors on one member share one record: the first installs
 * the hooks, later ones add their rule to it.
 *
 * @module
 */
import { type AccessorHooks, type Decoration, type FieldHooks, memberName, UNKNOWN_CLASS } from "../decorators/dialect.js";
import { getMemberData, getOwnMemberData, type MetadataObject, setMemberData } from "../decorators/metadata.js";
import { ClassDefinitionError } from "../errors.js";
import { recordSetter, type TrustedWrite } from "./builtin.js";
import { MemberRecord, ownState, RULES_NAMESPACE, stateOf } from "./member.js";
import type { Rule } from "./rule.js";
import { specialise } from "./specialise.js";

type Getter = (this: unknown) => unknown;
type Setter = (this: unknown, value: unknown) => void;

/**
 * The setter that runs the record's rules and then the original setter
 * `set0`: specialised (generated once per member) where code generation is
 * allowed, else a closure. Shared by the standard `accessor` and the legacy
 * accessor installs.
 */
function preparingSetter(record: MemberRecord, set0: Setter): Setter {
  return (
    specialise<Setter>(["record", "set0"], "return function set(value) { set0.call(this, record.prepare(this, value)); };", [
      record,
      set0,
    ]) ??
    function (this: unknown, value: unknown) {
      set0.call(this, record.prepare(this as object, value));
    }
  );
}

/** Records per class metadata object (own members only), including `#private` ones. */
const OWN = new WeakMap<MetadataObject, Map<PropertyKey, MemberRecord>>();

function ownRecord(d: Decoration): MemberRecord | undefined {
  return OWN.get(d.metadata)?.get(d.name as PropertyKey);
}

function register(d: Decoration, record: MemberRecord): void {
  let map = OWN.get(d.metadata);
  if (!map) OWN.set(d.metadata, (map = new Map()));
  map.set(d.name as PropertyKey, record);
  if (!d.isPrivate) setMemberData(d.metadata, d.name as PropertyKey, RULES_NAMESPACE, record);
}

function inheritedRecord(d: Decoration): MemberRecord | undefined {
  if (d.isPrivate) return undefined;
  const key = d.name as PropertyKey;
  if (d.ctor !== undefined) {
    const base: unknown = Object.getPrototypeOf(d.ctor);
    return typeof base === "function" ? getMemberData<MemberRecord>(base, key, RULES_NAMESPACE) : undefined;
  }
  // Standard member decorators: the class does not exist yet, but its metadata inherits from the base's.
  for (let m: unknown = Object.getPrototypeOf(d.metadata); m !== null && typeof m === "object"; m = Object.getPrototypeOf(m)) {
    const found = getOwnMemberData<MemberRecord>(m as MetadataObject, key, RULES_NAMESPACE);
    if (found !== undefined) return found;
  }
  return undefined;
}

function refuseStatic(rule: Rule, d: Decoration): void {
  if (!d.isStatic) return;
  throw new ClassDefinitionError(
    d.className ?? UNKNOWN_CLASS,
    memberName(d.name),
    `@${rule.name} validates instance members; static members are not supported`,
  );
}

/** Composes the `get` transforms of `rules`, innermost (last written) first. */
function readsOf(rules: readonly Rule[]): ((value: unknown, instance: object) => unknown) | undefined {
  const gets = rules.filter((r) => r.get !== undefined).map((r) => r.get as NonNullable<Rule["get"]>);
  if (gets.length === 0) return undefined;
  gets.reverse();
  if (gets.length === 1) return gets[0];
  return (value, instance) => {
    for (const g of gets) value = g(value, instance);
    return value;
  };
}

function wrapGet(get: Getter, read: (value: unknown, instance: object) => unknown): Getter {
  return function (this: unknown) {
    return read(get.call(this), this as object);
  };
}

/** Adds a stacked rule to an existing record; wraps the getter when the rule transforms reads. */
function stack(record: MemberRecord, rule: Rule, get: Getter | undefined): { get: Getter } | undefined {
  record.addOwn(rule);
  const read = rule.get;
  if (read === undefined || get === undefined) return undefined;
  return { get: wrapGet(get, read) };
}

/** The accessor handler: standard `accessor` fields and legacy get/set pairs. */
export function onAccessor(rule: Rule, target: { get: Getter; set: Setter }, d: Decoration): AccessorHooks | undefined {
  refuseStatic(rule, d);
  const existing = ownRecord(d);
  if (existing !== undefined) return stack(existing, rule, target.get);
  const inherited = inheritedRecord(d);
  const record = new MemberRecord({
    member: d.name as PropertyKey,
    storage: "accessor",
    dialect: d.dialect,
    className: d.className,
    inherited,
    enforcesInherited: true,
    usesSlot: false,
    ...(inherited === undefined && d.ctor === undefined && !d.isPrivate ? { linkLater: d.metadata } : {}),
  });
  record.addOwn(rule);
  register(d, record);
  const get0 = target.get;
  const set0 = target.set;
  const read = readsOf(record.own);
  if (!d.initializerBypassesSetter) {
    const set = preparingSetter(record, set0);
    recordSetter(
      set,
      record,
      specialise<TrustedWrite>(["set0"], "return function write(self, value) { set0.call(self, value); };", [set0]) ??
        ((self, value) => set0.call(self, value)),
    );
    // Per member: the shared literal's `record.prepare` call would see every member's pipeline (megamorphic, never inlined).
    // A primitive initial value the pure built-in rules accepted once is accepted again without running them (see okInitial).
    const init =
      specialise<(this: unknown, value: unknown) => unknown>(
        ["record"],
        `return function init(value) {
  if (value === record.okInitial) return value;
  if (value === undefined || !record.initialFast) return record.prepareInitial(this, value);
  var out = record.prepare(this, value);
  if (record.pureInitial && out === value && typeof value !== "object" && typeof value !== "function") record.okInitial = value;
  return out;
};`,
        [record],
      ) ??
      function (this: unknown, value: unknown) {
        return record.prepareInitial(this as object, value);
      };
    return {
      ...(read !== undefined ? { get: wrapGet(get0, read) } : {}),
      set,
      init,
    };
  }
  // Legacy: the initializer wrote private storage directly. Validate it on first read.
  record.initialGetter = get0;
  record.initialSetter = set0;
  const has = record.checked.has;
  const add = record.checked.add;
  const legacySet =
    specialise<Setter>(
      ["record", "set0", "has", "add"],
      "return function set(value) { set0.call(this, record.prepare(this, value)); if (!has(this)) add(this); };",
      [record, set0, has, add],
    ) ??
    function (this: unknown, value: unknown) {
      set0.call(this, record.prepare(this as object, value));
      if (!has(this as object)) add(this as object);
    };
  recordSetter(
    legacySet,
    record,
    specialise<TrustedWrite>(
      ["set0", "has", "add"],
      "return function write(self, value) { set0.call(self, value); if (!has(self)) add(self); };",
      [set0, has, add],
    ) ??
      ((self, value) => {
        set0.call(self, value);
        if (!has(self)) add(self);
      }),
  );
  return {
    get:
      (read === undefined
        ? specialise<Getter>(
            ["record", "get0", "has"],
            "return function get() { if (!has(this)) record.checkInitial(this); return get0.call(this); };",
            [record, get0, has],
          )
        : undefined) ??
      function (this: unknown) {
        if (!has(this as object)) record.checkInitial(this as object);
        const value = get0.call(this);
        return read === undefined ? value : read(value, this as object);
      },
    set: legacySet,
  };
}

function findAccessor(start: unknown, key: PropertyKey): PropertyDescriptor | undefined {
  for (let o = start; o !== null && (typeof o === "object" || typeof o === "function"); o = Object.getPrototypeOf(o)) {
    const desc = Object.getOwnPropertyDescriptor(o, key);
    if (desc !== undefined) return "value" in desc ? undefined : desc;
  }
  return undefined;
}

/** The field handler: plain (non-`accessor`) fields. */
export function onField(rule: Rule, d: Decoration): FieldHooks | undefined {
  refuseStatic(rule, d);
  const name = memberName(d.name) ?? "field";
  if (d.dialect === "standard") {
    // An unnamed descriptor({...}) does not know the variable the user wrote it as.
    const named = rule.name !== "descriptor";
    throw new ClassDefinitionError(
      d.className ?? UNKNOWN_CLASS,
      name,
      `${named ? `@${rule.name}` : "a descriptor"} cannot validate a plain field under standard decorators: ` +
        "the field is an own data property that no validator sees. " +
        `Add the \`accessor\` keyword: \`${named ? `@${rule.name} ` : ""}accessor ${name} = …\``,
    );
  }
  const existing = ownRecord(d);
  const proto = (d.ctor as Function).prototype as object;
  if (existing !== undefined) {
    const own = Object.getOwnPropertyDescriptor(proto, d.name as PropertyKey);
    const hooks = stack(existing, rule, own?.get as Getter | undefined);
    return hooks !== undefined ? { descriptor: { ...own, ...hooks } } : undefined;
  }
  const inherited = inheritedRecord(d);
  const found = findAccessor(Object.getPrototypeOf(proto), d.name as PropertyKey);
  if (found !== undefined && typeof found.set !== "function") {
    throw new ClassDefinitionError(
      d.className ?? UNKNOWN_CLASS,
      name,
      `@${rule.name}: the inherited "${name}" has a getter but no setter, so it cannot be validated`,
    );
  }
  const delegate = found !== undefined;
  const record = new MemberRecord({
    member: d.name as PropertyKey,
    storage: "field",
    dialect: d.dialect,
    className: d.className,
    inherited,
    enforcesInherited: !delegate || inherited === undefined,
    usesSlot: !delegate,
  });
  record.addOwn(rule);
  register(d, record);
  const read = readsOf(record.own);
  if (found !== undefined) {
    // Delegate to the inherited accessor (it validates the inherited rules itself).
    const get0 = (found.get ?? (() => undefined)) as Getter;
    const set0 = found.set as Setter;
    return {
      descriptor: {
        configurable: true,
        enumerable: false,
        get: read === undefined ? get0 : wrapGet(get0, read),
        set: preparingSetter(record, set0),
      },
    };
  }
  const slot = record.slot;
  const slotSet =
    specialise<Setter>(
      ["record", "slot", "ownState"],
      "return function set(value) { ownState(this)[slot] = record.prepare(this, value); };",
      [record, slot, ownState],
    ) ??
    function (this: unknown, value: unknown) {
      ownState(this as object)[slot] = record.prepare(this as object, value);
    };
  // The value lives in the instance's state (see InstanceState), which no property of the instance holds.
  return {
    descriptor: {
      configurable: true,
      enumerable: false,
      get:
        read === undefined
          ? (specialise<Getter>(
              ["slot", "stateOf"],
              "return function get() { const s = stateOf(this); return s === undefined ? undefined : s[slot]; };",
              [slot, stateOf],
            ) ??
            function (this: unknown) {
              return stateOf(this as object)?.[slot];
            })
          : function (this: unknown) {
              return read(stateOf(this as object)?.[slot], this as object);
            },
      set: slotSet,
    },
  };
}
