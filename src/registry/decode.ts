/**
 * The decoder: wire tree (parsed JSON) -> value graph, one instance per
 * `deserialize` / `fromPlain` call. It never throws for bad input: every
 * problem becomes an issue with its path, and the caller throws one
 * `DeserializeError` at the end. Only registered classes are constructed,
 * and only with zero arguments (or the model's factory); input keys never
 * reach a prototype.
 *
 * @module
 */
import { enterInitializing, exitInitializing, hasReadonlyMembers } from "../descriptors/index.js";
import { DecorumError, formatValue, type Issue, type PathSegment, ValidationError } from "../errors.js";
import type { CodecIssue, DecodeContext } from "./codec.js";
import type { DecoderApi, Handler, Lookup, ModelCodec } from "./encode.js";
import type { FieldPlan, ModelPlan } from "./plan.js";

/** Returned by a decode step that failed (its issues are already recorded). */
export const INVALID: unique symbol = Symbol("decorum.invalid");

const PENDING: unique symbol = Symbol("decorum.pending");
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
const MODEL_META = new Set(["$type", "$version", "$id"]);

function define(o: object, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : formatValue(e);
}

/** Decodes a wire tree; collects issues. */
export class Decoder implements DecodeContext, DecoderApi {
  /** Path from the root to the node being decoded. */
  readonly keys: PathSegment[] = [];
  readonly issues: Issue[] = [];
  private depth = 0;
  private ids: Map<number, unknown> | undefined;
  private pendingId: number | undefined;
  private full = false;

  constructor(
    private readonly lookup: Lookup,
    private readonly maxDepth: number,
    private readonly maxIssues: number,
  ) {}

  get path(): readonly PathSegment[] {
    return this.keys.slice();
  }

  /** `true` once `maxIssues` issues were collected: decoding stops early. */
  get stopped(): boolean {
    return this.full;
  }

  decode(payload: unknown, key: PathSegment | readonly PathSegment[]): unknown {
    if (!Array.isArray(key)) return this.child(payload, key as PathSegment);
    const keys = key as readonly PathSegment[];
    if (keys.length === 0) return typeof payload === "object" && payload !== null ? this.obj(payload) : this.prim(payload, undefined);
    for (let i = 0; i < keys.length - 1; i++) this.keys.push(keys[i] as PathSegment);
    try {
      return this.child(payload, keys[keys.length - 1] as PathSegment);
    } finally {
      this.keys.length -= keys.length - 1;
    }
  }

  issue(i: CodecIssue): void {
    const { key, ...rest } = i;
    const at = key === undefined ? [] : Array.isArray(key) ? (key as readonly PathSegment[]) : [key as PathSegment];
    this.report([...this.keys, ...at], rest);
  }

  /** Records an issue at `path`. */
  report(path: PathSegment[], i: Omit<Issue, "path">): void {
    if (this.full) return;
    if (this.issues.length >= this.maxIssues) {
      this.full = true;
      this.issues.push({ path: [], code: "too-many-issues", message: `stopped after ${this.maxIssues} issues (the maxIssues option)` });
      return;
    }
    this.issues.push({ ...i, path });
  }

  private here(key: PathSegment | undefined, i: Omit<Issue, "path">): void {
    this.report(key === undefined ? this.keys.slice() : [...this.keys, key], i);
  }

  resolveFunction(name: string, key: PathSegment): Function | undefined {
    const fn = typeof name === "string" ? this.lookup.resolveFunction(name) : undefined;
    if (fn === undefined)
      this.here(key, { code: "unknown-function", message: `no function is registered under ${formatValue(name)}`, received: name });
    return fn;
  }

  bind(value: object): void {
    if (this.pendingId !== undefined && this.ids) {
      this.ids.set(this.pendingId, value);
      this.pendingId = undefined;
    }
  }

  /** Decodes the root node. */
  root(raw: unknown): unknown {
    return typeof raw === "object" && raw !== null ? this.obj(raw) : this.prim(raw, undefined);
  }

  /** Decodes a nested node found under `key`. */
  child(raw: unknown, key: PathSegment): unknown {
    if (typeof raw === "object" && raw !== null) {
      this.keys.push(key);
      const out = this.obj(raw);
      this.keys.pop();
      return out;
    }
    return this.prim(raw, key);
  }

  private prim(raw: unknown, key: PathSegment | undefined): unknown {
    switch (typeof raw) {
      case "string":
      case "number":
      case "boolean":
        return raw;
      case "object":
        return null;
      default:
        this.here(key, { code: "json", message: `not a JSON value: ${formatValue(raw)}`, received: raw });
        return INVALID;
    }
  }

  private obj(raw: object): unknown {
    if (this.full) return INVALID;
    const depth = ++this.depth;
    try {
      if (depth > this.maxDepth) {
        this.here(undefined, { code: "depth", message: `nesting deeper than ${this.maxDepth} levels (the maxDepth option)` });
        return INVALID;
      }
      if (Array.isArray(raw)) {
        const n = raw.length;
        const out: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const x = raw[i];
          out[i] = typeof x === "string" || typeof x === "number" || typeof x === "boolean" ? x : this.child(x, i);
        }
        return out;
      }
      const proto = Object.getPrototypeOf(raw);
      if (proto !== Object.prototype && proto !== null) {
        this.here(undefined, { code: "json", message: `not a JSON value: ${formatValue(raw)}`, received: raw });
        return INVALID;
      }
      const o = raw as Record<string, unknown>;
      const t = o.$type;
      if (t === undefined || !Object.hasOwn(o, "$type")) return this.plain(o, undefined);
      return this.tagged(o, t);
    } finally {
      this.depth = depth - 1;
    }
  }

  /** Decodes a plain object's keys (no tag interpretation at this level). */
  private plain(o: Record<string, unknown>, id: number | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (id !== undefined) this.setId(id, out);
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const x = o[k];
      const v = typeof x === "string" || typeof x === "number" || typeof x === "boolean" ? x : this.child(x, k);
      if (k === "__proto__") define(out, k, v);
      else out[k] = v;
    }
    return out;
  }

  private idOf(o: Record<string, unknown>): number | undefined | typeof INVALID {
    const id = o.$id;
    if (id === undefined || !Object.hasOwn(o, "$id")) return undefined;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) {
      this.here("$id", { code: "ref", message: "$id must be a non-negative integer", received: id });
      return INVALID;
    }
    this.ids ??= new Map();
    if (this.ids.has(id)) {
      this.here("$id", { code: "ref", message: `duplicate $id ${id}`, received: id });
      return INVALID;
    }
    this.ids.set(id, PENDING);
    return id;
  }

  private setId(id: number, value: unknown): void {
    (this.ids as Map<number, unknown>).set(id, value);
  }

  private payload(o: Record<string, unknown>, tag: string): unknown {
    if (!Object.hasOwn(o, "value")) {
      this.here(undefined, { code: "payload", message: `${tag} needs a "value" key` });
      return INVALID;
    }
    return o.value;
  }

  private tagged(o: Record<string, unknown>, t: unknown): unknown {
    if (typeof t !== "string") {
      this.here("$type", { code: "tag", message: "$type must be a string", received: t });
      return INVALID;
    }
    switch (t) {
      case "ref": {
        const n = this.payload(o, "ref");
        if (n === INVALID) return INVALID;
        const target = typeof n === "number" ? this.ids?.get(n) : undefined;
        if (target === undefined || target === PENDING) {
          this.here(undefined, {
            code: "ref",
            message:
              target === PENDING
                ? `reference to $id ${formatValue(n)}, which is still being built (a cycle through a value that cannot refer to itself)`
                : `reference to an unknown $id ${formatValue(n)} (a target must come before its references)`,
            received: n,
          });
          return INVALID;
        }
        return target;
      }
      case "object":
      case "array": {
        const id = this.idOf(o);
        if (id === INVALID) return INVALID;
        const v = this.payload(o, t);
        if (v === INVALID) return INVALID;
        const ok = t === "array" ? Array.isArray(v) : v !== null && typeof v === "object" && !Array.isArray(v);
        if (!ok) {
          this.here("value", { code: "payload", message: `expected ${t === "array" ? "an array" : "an object"}`, received: v });
          return INVALID;
        }
        if (t === "object") {
          this.keys.push("value");
          const out = this.plain(v as Record<string, unknown>, id);
          this.keys.pop();
          return out;
        }
        const out: unknown[] = [];
        if (id !== undefined) this.setId(id, out);
        const a = v as unknown[];
        this.keys.push("value");
        for (let i = 0; i < a.length; i++) out.push(this.child(a[i], i));
        this.keys.pop();
        return out;
      }
    }
    const h: Handler | undefined = this.lookup.byName(t);
    if (h === undefined) {
      this.here("$type", { code: "unknown-type", message: "unknown type (not registered)", received: t });
      return INVALID;
    }
    return h.model ? this.model(o, h.model) : this.codec(o, h.codec, t);
  }

  private codec(o: Record<string, unknown>, codec: NonNullable<Handler["codec"]>, t: string): unknown {
    const id = this.idOf(o);
    if (id === INVALID) return INVALID;
    const payload = Object.hasOwn(o, "value") ? o.value : undefined;
    const before = this.issues.length;
    const saved = this.pendingId;
    this.pendingId = id;
    let out: unknown;
    try {
      this.keys.push("value");
      try {
        out = codec.decode(payload, this);
      } finally {
        this.keys.pop();
      }
    } catch (e) {
      this.caught(e, undefined, `${t}: `);
      return INVALID;
    } finally {
      this.pendingId = saved;
    }
    if (this.issues.length !== before) return INVALID;
    if (id !== undefined && this.ids?.get(id) === PENDING) this.setId(id, out);
    return out;
  }

  /** Turns an exception from user code (codec, setter, hook, migration) into issues. */
  private caught(e: unknown, key: PathSegment | undefined, prefix: string, code = "codec"): void {
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
    if (e instanceof ValidationError || (e instanceof DecorumError && Array.isArray((e as { issues?: unknown }).issues))) {
      for (const i of (e as ValidationError).issues) this.report([...this.keys, ...(key === undefined ? [] : [key]), ...i.path], { ...i });
      return;
    }
    this.here(key, { code, message: `${prefix}${messageOf(e)}` });
  }

  private migrated(o: Record<string, unknown>, plan: ModelPlan): Record<string, unknown> | typeof INVALID {
    const raw = o.$version !== undefined && Object.hasOwn(o, "$version") ? o.$version : undefined;
    if (plan.version === 0) {
      if (raw !== undefined && raw !== 1) {
        this.here("$version", { code: "version", message: `${plan.name} is not versioned`, expected: "no $version", received: raw });
        return INVALID;
      }
      return o;
    }
    let v = raw === undefined ? 1 : raw;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
      this.here("$version", { code: "version", message: "$version must be a positive integer", received: raw });
      return INVALID;
    }
    if (v > plan.version) {
      this.here("$version", {
        code: "version",
        message: `written by version ${v} of ${plan.name}, newer than this code (version ${plan.version})`,
        expected: `<= ${plan.version}`,
        received: v,
      });
      return INVALID;
    }
    let data = o;
    while (v < plan.version) {
      const step = Object.hasOwn(plan.migrate, v) ? plan.migrate[v] : undefined;
      if (typeof step !== "function") {
        this.here("$version", { code: "migrate", message: `no migration of ${plan.name} from version ${v} to ${v + 1}`, received: v });
        return INVALID;
      }
      const copy: Record<string, unknown> = {};
      for (const k of Object.keys(data)) if (!MODEL_META.has(k)) define(copy, k, data[k]);
      let next: unknown;
      try {
        next = step(copy);
      } catch (e) {
        this.caught(e, undefined, `migration of ${plan.name} from version ${v} failed: `, "migrate");
        return INVALID;
      }
      const p = next !== null && typeof next === "object" ? Object.getPrototypeOf(next) : undefined;
      if (p !== Object.prototype && p !== null) {
        this.here(undefined, { code: "migrate", message: `migration of ${plan.name} from version ${v} did not return a plain object` });
        return INVALID;
      }
      data = next as Record<string, unknown>;
      v++;
    }
    return data;
  }

  private model(o: Record<string, unknown>, mc: ModelCodec): unknown {
    const plan = mc.plan;
    const id = this.idOf(o);
    if (id === INVALID) return INVALID;
    const data = this.migrated(o, plan);
    if (data === INVALID) return INVALID;
    let inst: object;
    try {
      inst = plan.create();
    } catch (e) {
      const hint =
        !plan.hasFactory && plan.ctor.length > 0
          ? ` (deserialize runs new ${plan.ctor.name || "Class"}() without arguments; give @model a factory)`
          : "";
      this.caught(e, undefined, `constructing ${plan.name} failed${hint}: `, "construct");
      return INVALID;
    }
    if (inst === null || typeof inst !== "object") {
      this.here(undefined, { code: "construct", message: `the factory of ${plan.name} did not return an object` });
      return INVALID;
    }
    if (id !== undefined) this.setId(id, inst);
    const before = this.issues.length;
    // Readonly members accept deserialize's writes only in the construction
    // phase; classes without them skip that bookkeeping.
    if (hasReadonlyMembers(plan.ctor) && enterInitializing(inst)) {
      try {
        mc.decodeFields(data, inst, this);
      } finally {
        exitInitializing(inst);
      }
    } else mc.decodeFields(data, inst, this);
    if (this.issues.length !== before) return INVALID;
    if (plan.afterDeserialize) {
      try {
        plan.afterDeserialize.call(inst, inst);
      } catch (e) {
        this.caught(e, undefined, `afterDeserialize of ${plan.name} failed: `, "hook");
        return INVALID;
      }
    }
    return inst;
  }

  // ---- DecoderApi: called by compiled and interpreted model codecs ----

  fieldValue(f: FieldPlan, raw: unknown): unknown {
    let v: unknown;
    if (typeof raw === "object" && raw !== null) {
      const before = this.issues.length;
      this.keys.push(f.wire);
      v = this.obj(raw);
      this.keys.pop();
      if (this.issues.length !== before) return INVALID;
    } else {
      v = this.prim(raw, f.wire);
      if (v === INVALID) return INVALID;
    }
    const check = f.check;
    if (check === undefined || (f.optional && (v === null || v === undefined))) return v;
    if (!check.test(v)) {
      this.here(f.wire, { code: "type", message: `expected ${check.expected}`, expected: check.expected, received: v });
      return INVALID;
    }
    const elem = check.elem;
    if (elem !== undefined) {
      const a = v as unknown[];
      let ok = true;
      for (let i = 0; i < a.length; i++) {
        if (!elem.test(a[i])) {
          ok = false;
          this.report([...this.keys, f.wire, i], {
            code: "type",
            message: `expected ${elem.expected}`,
            expected: elem.expected,
            received: a[i],
          });
        }
      }
      if (!ok) return INVALID;
    }
    return v;
  }

  missing(f: FieldPlan, instance: object): void {
    if (f.hasDefault) {
      const v = typeof f.default === "function" ? (f.default as () => unknown)() : f.default;
      try {
        (instance as Record<string, unknown>)[f.key] = v;
      } catch (e) {
        this.writeFailed(e, f);
      }
      return;
    }
    if (f.optional) return;
    this.here(f.wire, {
      code: "required",
      message: "missing required field",
      ...(f.check ? { expected: f.check.expected } : {}),
    });
  }

  writeFailed(e: unknown, f: FieldPlan): void {
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
    if (e instanceof ValidationError) {
      for (const i of e.issues) {
        const rest = i.path[0] === f.key ? i.path.slice(1) : i.path;
        this.report([...this.keys, f.wire, ...rest], { ...i });
      }
      return;
    }
    this.here(f.wire, { code: "write", message: `writing ${f.key} failed: ${messageOf(e)}` });
  }

  unknownKeys(data: Record<string, unknown>, plan: ModelPlan): void {
    for (const k of Object.keys(data)) {
      if (plan.wireNames.has(k) || MODEL_META.has(k)) continue;
      this.here(k, { code: "unknown-key", message: `${plan.name} has no field ${JSON.stringify(k)} (strict model)`, received: data[k] });
    }
  }

  /** `"own"` mode (a model without `@field`): own enumerable data and descriptor members. */
  decodeOwn(data: Record<string, unknown>, inst: Record<string, unknown>, plan: ModelPlan): void {
    for (const k of Object.keys(data)) {
      if (MODEL_META.has(k)) continue;
      const known = plan.descriptorKeys.includes(k) || Object.hasOwn(inst, k);
      if (FORBIDDEN.has(k) || k.startsWith("$") || plan.transient.has(k) || (!known && k in inst)) {
        if (plan.strict || FORBIDDEN.has(k) || (!known && k in inst))
          this.here(k, {
            code: FORBIDDEN.has(k) ? "forbidden-key" : "unknown-key",
            message: `${plan.name} has no data property ${JSON.stringify(k)}`,
            received: data[k],
          });
        continue;
      }
      if (!known && plan.strict) {
        this.here(k, {
          code: "unknown-key",
          message: `${plan.name} has no data property ${JSON.stringify(k)} (strict model)`,
          received: data[k],
        });
        continue;
      }
      const raw = data[k];
      let v: unknown;
      if (typeof raw === "object" && raw !== null) {
        const before = this.issues.length;
        this.keys.push(k);
        v = this.obj(raw);
        this.keys.pop();
        if (this.issues.length !== before) continue;
      } else {
        v = this.prim(raw, k);
        if (v === INVALID) continue;
      }
      try {
        inst[k] = v;
      } catch (e) {
        this.caught(e, undefined, `writing ${k} failed: `, "write");
      }
    }
  }
}
