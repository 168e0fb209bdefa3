/**
 * The per-class metadata store. Every decorator of decorum writes here, in
 * both dialects, and every layer above reads from here.
 *
 * Storage: each class has an own metadata object at `Class[Symbol.metadata]`
 * (created by the compiler for standard decorators, by decorum for legacy
 * decorators and the programmatic API). Inside it, under the key
 * `Symbol.for("decorum.metadata")`, lives decorum's own record: per-member
 * data and per-class data, each keyed by a namespace string such as
 * `"registry.field"` or `"descriptors.rules"`. Because both keys come from
 * `Symbol.for`, an ESM and a CJS copy of decorum loaded in one process share
 * one store.
 *
 * Inheritance: readers walk the constructor chain (`Object.getPrototypeOf`
 * of a class is its base class) and merge each class's *own* record, base
 * first. This does not depend on the metadata objects' prototype chain, so
 * metadata added to a base class after a subclass was defined is still seen.
 *
 * @module
 */
import { METADATA } from "./polyfill.js";

/** The object standard decorators receive as `context.metadata`. */
export type MetadataObject = Record<PropertyKey, unknown>;

/** decorum's own record inside one class's metadata object. */
interface OwnRecord {
  /** member name -> namespace -> data, in first-decorated order. */
  readonly members: Map<PropertyKey, Map<string, unknown>>;
  /** namespace -> data for the class itself. */
  readonly classData: Map<string, unknown>;
}

const STORE: unique symbol = Symbol.for("decorum.metadata") as never;

function ownRecord(metadata: MetadataObject): OwnRecord {
  if (Object.hasOwn(metadata, STORE)) return metadata[STORE] as OwnRecord;
  const record: OwnRecord = { members: new Map(), classData: new Map() };
  Object.defineProperty(metadata, STORE, { value: record, enumerable: false, configurable: true, writable: false });
  return record;
}

function readOwnRecord(metadata: unknown): OwnRecord | undefined {
  if (metadata === null || typeof metadata !== "object") return undefined;
  return Object.hasOwn(metadata, STORE) ? ((metadata as MetadataObject)[STORE] as OwnRecord) : undefined;
}

/**
 * The class's own metadata object, created (inheriting from the base class's
 * metadata) when it does not exist yet. Used by legacy decorators and the
 * programmatic API; standard decorators get theirs from the compiler.
 */
export function ownMetadataOf(ctor: Function): MetadataObject {
  if (Object.hasOwn(ctor, METADATA)) {
    const existing = (ctor as unknown as Record<symbol, unknown>)[METADATA];
    if (existing !== null && typeof existing === "object") return existing as MetadataObject;
  }
  const base = Object.getPrototypeOf(ctor) as Record<symbol, unknown> | null;
  const parent = base ? base[METADATA] : undefined;
  const metadata = Object.create(parent !== null && typeof parent === "object" ? parent : null) as MetadataObject;
  Object.defineProperty(ctor, METADATA, { value: metadata, enumerable: false, configurable: true, writable: true });
  return metadata;
}

/** The chain from the root base class down to `ctor`, base first. */
export function classChain(ctor: Function): Function[] {
  const chain: Function[] = [];
  for (let c: unknown = ctor; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    chain.push(c);
  }
  return chain.reverse();
}

function ownRecordOfClass(ctor: Function): OwnRecord | undefined {
  return Object.hasOwn(ctor, METADATA) ? readOwnRecord((ctor as unknown as Record<symbol, unknown>)[METADATA]) : undefined;
}

/**
 * Records `data` for `member` under `namespace` in a class's own metadata.
 * A second write for the same member and namespace replaces the first.
 *
 * @example
 * ```ts
 * setMemberData(context.metadata, "price", "registry.field", { type: Number });
 * ```
 */
export function setMemberData(metadata: MetadataObject, member: PropertyKey, namespace: string, data: unknown): void {
  const members = ownRecord(metadata).members;
  let entry = members.get(member);
  if (!entry) {
    entry = new Map();
    members.set(member, entry);
  }
  entry.set(namespace, data);
}

/** The data one class itself (not its bases) recorded for `member` under `namespace`. */
export function getOwnMemberData<T>(metadata: MetadataObject, member: PropertyKey, namespace: string): T | undefined {
  return readOwnRecord(metadata)?.members.get(member)?.get(namespace) as T | undefined;
}

/**
 * The data for `member` under `namespace`, from `ctor` or, failing that,
 * its nearest base class that has some.
 */
export function getMemberData<T>(ctor: Function, member: PropertyKey, namespace: string): T | undefined {
  for (let c: unknown = ctor; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const value = ownRecordOfClass(c)?.members.get(member)?.get(namespace);
    if (value !== undefined) return value as T;
  }
  return undefined;
}

/** Every class in the chain that recorded data for `member` under `namespace`, base first. */
export function getMemberDataChain<T>(ctor: Function, member: PropertyKey, namespace: string): T[] {
  const out: T[] = [];
  for (const c of classChain(ctor)) {
    const value = ownRecordOfClass(c)?.members.get(member)?.get(namespace);
    if (value !== undefined) out.push(value as T);
  }
  return out;
}

/**
 * All members with data under `namespace`, inherited ones included, in
 * order: a base class's members first, in the order they were decorated;
 * a subclass that redeclares a member keeps the base's position and
 * replaces its data.
 *
 * @example
 * ```ts
 * for (const [name, field] of membersWith<FieldData>(Point3D, "registry.field")) { … }
 * ```
 */
export function membersWith<T>(ctor: Function, namespace: string): Map<PropertyKey, T> {
  const out = new Map<PropertyKey, T>();
  for (const c of classChain(ctor)) {
    const record = ownRecordOfClass(c);
    if (!record) continue;
    for (const [member, entry] of record.members) {
      if (entry.has(namespace)) out.set(member, entry.get(namespace) as T);
    }
  }
  return out;
}

/** Records class-level `data` under `namespace` on the class itself. */
export function setClassData(target: Function | MetadataObject, namespace: string, data: unknown): void {
  const metadata = typeof target === "function" ? ownMetadataOf(target) : target;
  ownRecord(metadata).classData.set(namespace, data);
}

/** The class-level data `ctor` itself recorded (not inherited). */
export function getOwnClassData<T>(target: Function | MetadataObject, namespace: string): T | undefined {
  const record = typeof target === "function" ? ownRecordOfClass(target) : readOwnRecord(target);
  return record?.classData.get(namespace) as T | undefined;
}

/** The class-level data of `ctor` or its nearest base class that has some. */
export function getClassData<T>(ctor: Function, namespace: string): T | undefined {
  for (let c: unknown = ctor; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const record = ownRecordOfClass(c);
    if (record?.classData.has(namespace)) return record.classData.get(namespace) as T;
  }
  return undefined;
}

/** The class-level data of every class in the chain that has some, base first. */
export function getClassDataChain<T>(ctor: Function, namespace: string): Array<{ owner: Function; data: T }> {
  const out: Array<{ owner: Function; data: T }> = [];
  for (const c of classChain(ctor)) {
    const record = ownRecordOfClass(c);
    if (record?.classData.has(namespace)) out.push({ owner: c, data: record.classData.get(namespace) as T });
  }
  return out;
}
