/**
 * Per-class model codecs, two ways from one plan:
 *
 * - {@link compileModel} generates a specialised encoder and field decoder
 *   with `new Function` the first time a class is used: a fixed list of
 *   property reads and writes, primitives inlined, no per-field reflection.
 *   Names come only from the class definition and are embedded as
 *   `JSON.stringify`'d string literals; nothing from input reaches the code.
 * - {@link interpretModel} walks the same plan in a loop. It is used when
 *   code generation is forbidden (CSP, `--disallow-code-generation-from-strings`)
 *   or disabled (`new Registry({ compile: false })`, or globally with
 *   `configure({ codegen: false })`), and a differential test
 *   checks that both produce identical results.
 *
 * @module
 */
import { codegenAllowed } from "../decorators/codegen.js";
import { SerializeError } from "../errors.js";
import { parseIsoDate } from "./codecs/builtins.js";
import type { Decoder } from "./decode.js";
import { GENERIC, INVALID } from "./decode.js";
import { type DecoderApi, type Encoder, type ModelCodec, plainNumber } from "./encode.js";
import { inlineCheck } from "./inline-checks.js";
import { setKey } from "./path.js";
import type { FieldPlan, ModelPlan } from "./plan.js";
import {
  asciiBytes,
  back,
  CHUNK,
  flush,
  mark,
  putBytes,
  putDate,
  putHundredths,
  putInt,
  putNumber,
  putString,
  putText,
} from "./write-text.js";

const lit = (s: string | number) => JSON.stringify(s);

/**
 * A field of a primitive type (or none) writes a value of that type as it is,
 * whatever the tag policy; any other value, and any value of any other field,
 * goes through `Encoder.field`, which writes it in the form its declared type
 * settles.
 */
/** The JavaScript test (on `x`) of a value a field writes as it is, or `undefined` when its type needs `Encoder.field`. */
function fastTest(f: FieldPlan): string | undefined {
  const t = f.type;
  if (t === String) return 'typeof x === "string"';
  if (t === Boolean) return 'typeof x === "boolean"';
  if (t === Number) return 'typeof x === "number" && x - x === 0 && (x !== 0 || 1 / x > 0)';
  if (t === undefined || t === Object)
    return '(typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && x - x === 0 && (x !== 0 || 1 / x > 0)))';
  return undefined;
}

/** The interpreter's twin of {@link fastTest}. */
function fastCheck(f: FieldPlan): ((x: unknown) => boolean) | undefined {
  const t = f.type;
  if (t === String) return (x) => typeof x === "string";
  if (t === Boolean) return (x) => typeof x === "boolean";
  if (t === Number) return (x) => typeof x === "number" && plainNumber(x);
  if (t === undefined || t === Object)
    return (x) => typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && plainNumber(x));
  return undefined;
}

/**
 * Whether a model's tree writes wire name `wire` with {@link setKey} rather
 * than an assignment: when `Object.prototype` holds it as the model is
 * compiled ("toString", "valueOf", ..., read-only in a hardened realm). Any
 * other wire name is assigned (no test per write on the hot path): a setter
 * added to `Object.prototype` for it later would see the write.
 */
function onChain(wire: string): boolean {
  return wire in Object.prototype;
}

/**
 * Own mode (no `@field`): descriptor members, then own enumerable data. A key
 * is written only when the decoder reads it back (`ownKeyReadable`); any
 * other is a SerializeError, never a document that cannot be read.
 */
function encodeOwn(plan: ModelPlan, value: object, e: Encoder, out: Record<string, unknown>): Record<string, unknown> {
  const v = value as Record<string, unknown>;
  const done = new Set<string>();
  for (const k of plan.descriptorKeys) {
    setKey(out, k, e.child(v[k], k));
    done.add(k);
  }
  for (const k of Object.keys(v)) {
    if (done.has(k) || plan.transient.has(k)) continue;
    const why = ownKeyUnreadable(plan, k);
    if (why !== undefined)
      throw new SerializeError([...e.keys, k], `${plan.name}: own property ${JSON.stringify(k)} cannot be written: ${why}`);
    setKey(out, k, e.child(v[k], k));
  }
  return out;
}

/** Why deserialize would refuse own-mode key `k` (see `Decoder.decodeOwn`), or `undefined` when it reads it back. */
export function ownKeyUnreadable(plan: ModelPlan, k: string): string | undefined {
  if (k.startsWith("$") || k === "__proto__")
    return 'keys starting with "$" are reserved by the wire format, and "__proto__" is never written';
  if (k === "constructor" || k === "prototype") return `deserialize never writes "${k}" (declare the data with @field under another name)`;
  if (!plan.strict && !(k in (plan.ctor.prototype as object))) return undefined;
  if (plan.freshKeys().has(k)) return undefined;
  if (plan.strict) return "the model is strict and a new instance has no such own property (declare it with @field)";
  return `it would shadow ${JSON.stringify(k)} of the prototype, which deserialize refuses (declare the data with @field under another name)`;
}

function readField(d: Record<string, unknown>, f: FieldPlan): unknown {
  return f.inheritedName ? (Object.hasOwn(d, f.wire) ? d[f.wire] : undefined) : d[f.wire];
}

/**
 * The interpreter's {@link ModelCodec.read} (the compiled one is generated from the same steps, see
 * {@link readHead}): GENERIC unless `d` reads as the model's current version as it is, else the
 * instance constructed and filled by `decodeFields` (or INVALID, the construction's issue recorded).
 */
function readWith(mc: ModelCodec): ModelCodec["read"] {
  const plan = mc.plan;
  return (d, c, tagged) => {
    const o = d as Record<string, unknown>;
    if (!tagged) {
      if ((o.$type !== undefined || "$type" in o) && Object.hasOwn(o, "$type")) return GENERIC;
      const proto = Object.getPrototypeOf(o);
      if (proto !== Object.prototype && proto !== null) return GENERIC;
    } else if (plan.version > 1) return GENERIC;
    if (o.$id !== undefined || (plan.version === 0 ? o.$version !== undefined : Object.hasOwn(o, "$version"))) return GENERIC;
    let inst: object;
    try {
      inst = plan.create();
    } catch (e) {
      c.constructFailed(e, plan);
      return INVALID;
    }
    if (inst === null || typeof inst !== "object") {
      c.notAnObject(plan);
      return INVALID;
    }
    if (c.sealed(mc)) c.sealedFields(o, inst, mc.decodeFields);
    else mc.decodeFields(o, inst, c);
    return inst;
  };
}

/**
 * The first lines of a generated `read(d, c, tagged)`: {@link readWith}'s tests of `d` and the
 * construction (`new C()` in place where the model has no factory: one construct site per model).
 */
function readHead(plan: ModelPlan): string[] {
  const out = [
    "if (!tagged) {",
    '  if ((d.$type !== undefined || "$type" in d) && hasOwn(d, "$type")) return GENERIC;',
    "  var p = getProto(d);",
    "  if (p !== OBJ && p !== null) return GENERIC;",
    plan.version > 1 ? "} else return GENERIC;" : "}",
    `if (d.$id !== undefined || ${plan.version === 0 ? "d.$version !== undefined" : 'hasOwn(d, "$version")'}) return GENERIC;`,
    "var inst;",
    `try { inst = ${plan.hasFactory ? "P.create()" : "new C()"}; } catch (e) { c.constructFailed(e, P); return INVALID; }`,
  ];
  if (plan.hasFactory) out.push('if (inst === null || typeof inst !== "object") { c.notAnObject(P); return INVALID; }');
  out.push("if (c.sealed(MC)) { c.sealedFields(d, inst, MC.decodeFields); return inst; }");
  return out;
}

/**
 * The generated field decoding of `plan` (over `d`, `inst`, `c`), filling `W` with trusted writes, `K` with constants
 * and `T` with the classes of fields whose type check is inlined.
 */
function fieldLines(plan: ModelPlan, W: unknown[], K: unknown[], T: unknown[]): string[] {
  const dec: string[] = ["var r, v, ms, M, b, s, dp;"];
  plan.inputs.forEach((f, i) => {
    const read = f.inheritedName ? `(hasOwn(d, ${lit(f.wire)}) ? d[${lit(f.wire)}] : undefined)` : `d[${lit(f.wire)}]`;
    dec.push(`r = ${read};`);
    dec.push(`if (r === undefined) c.missing(F[${i}], inst); else {`);
    const t = f.check?.typeofName;
    if (t !== undefined) dec.push(`  v = typeof r === ${lit(t)} ? r : c.fieldValue(F[${i}], r);`);
    else if (f.type === Date && f.of === undefined)
      // An ISO string in a Date field read here (what fieldValue does for it, without the calls); anything else goes there.
      dec.push(`  v = typeof r === "string" && (ms = PD(r)) - ms === 0 ? new Date(ms) : c.fieldValue(F[${i}], r);`);
    else if ((f.type === undefined || f.type === Object) && f.check === undefined)
      // A field without a type takes a JSON primitive as it is (what fieldValue returns for one, without the call).
      dec.push(`  v = typeof r === "string" || typeof r === "number" || typeof r === "boolean" ? r : c.fieldValue(F[${i}], r);`);
    else if (f.check?.cls !== undefined && f.check.elem === undefined && f.ofChecks === undefined) {
      // A class: `fieldValue`'s type check (`check.test`, `v instanceof cls`) inlined, a null of an optional field kept as it is.
      T[i] = f.check.cls;
      // The usual untagged object of a model class read here: `Decoder.untagged`'s steps around the model's `read`
      // (the key on the path, one level deeper, the untagged flag; a throw is the input's issue, then the hook).
      // (A Map or Set field, never a model, calls fieldUnchecked as before.)
      if (f.check.cls === Map || f.check.cls === Set)
        dec.push(`  v = ${f.optional ? "r === null ? null : " : ""}c.fieldUnchecked(F[${i}], r);`);
      else {
        dec.push(
          `  ${f.optional ? "if (r === null) v = null; else " : ""}if ((M = c.directModel(F[${i}], r)) === undefined) v = c.fieldUnchecked(F[${i}], r); else {`,
        );
        dec.push(`    b = c.issues.length; s = c.untaggedModel; c.keys.push(${lit(f.wire)}); dp = ++c.depth; c.untaggedModel = true;`);
        dec.push(
          '    try { v = M.read(r, c, false); if (typeof v !== "symbol" && c.issues.length === b && M.plan.afterDeserialize) v = c.hooked(v, M.plan); } catch (e) { v = c.foreign(e, undefined); }',
        );
        dec.push("    c.depth = dp - 1; c.untaggedModel = s; c.keys.pop();");
        dec.push(
          `    if (typeof v === "symbol" && v === GENERIC) v = c.genericField(F[${i}], r); else if (c.issues.length !== b) v = INVALID;`,
        );
        dec.push("  }");
      }
      const skip = f.optional ? " && v !== null && v !== undefined" : "";
      dec.push(`  if ((typeof v !== "symbol" || v !== INVALID)${skip} && !(v instanceof T[${i}])) v = c.notInstance(F[${i}], v);`);
    } else if (f.optional || f.check === undefined)
      // null where any type allows it (optional, or no check) is null: what fieldValue returns for it, without the call.
      dec.push(`  v = r === null ? null : c.fieldValue(F[${i}], r);`);
    else dec.push(`  v = c.fieldValue(F[${i}], r);`);
    const inl = inlineCheck(plan, f, K);
    if (inl !== undefined) W[i] = inl.write;
    const write =
      inl === undefined ? `inst[${lit(f.key)}] = v;` : `if (fast && ${inl.test}) W[${i}](inst, v); else inst[${lit(f.key)}] = v;`;
    dec.push(`  if (typeof v !== "symbol" || v !== INVALID) { try { ${write} } catch (err) { c.writeFailed(err, F[${i}]); } }`);
    dec.push("}");
  });
  if (plan.strict) dec.push("c.unknownKeys(d, P);");
  if (W.length > 0) dec[0] = "var r, v, ms, M, b, s, dp, fast = getProto(inst) === PROTO;";
  return dec;
}

/** Generated decoders made so far: numbers their source, so no two models share one compiled function (and its inline caches). */
let decoders = 0;

/** `read` of a codec being made (replaced before the codec is used). */
const unread: ModelCodec["read"] = () => GENERIC;

/** A model codec that walks the plan (no code generation). */
export function interpretModel(plan: ModelPlan): ModelCodec {
  const fields = plan.fields;
  const fast = fields.map(fastCheck);
  const defined = fields.map((f) => onChain(f.wire));
  if (plan.mode === "own") {
    const own: ModelCodec = {
      plan,
      encode: (value, e, out) => encodeOwn(plan, value, e, out),
      decodeFields: (data, inst, d) => (d as Decoder).decodeOwn(data, inst as Record<string, unknown>, plan),
      read: unread,
      sealVersion: -1,
      sealOf: false,
    };
    own.read = readWith(own);
    return own;
  }
  const codec: ModelCodec = {
    plan,
    encode(value, e, out) {
      const v = value as Record<string, unknown>;
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i] as FieldPlan;
        const x = v[f.key];
        if (f.validDate) e.checkDates(x, f.wire);
        if (x === undefined && f.optional && e.omits(f, plan)) continue;
        const test = fast[i];
        const y = test?.(x) ? x : e.field(x, f);
        if (defined[i]) setKey(out, f.wire, y);
        else out[f.wire] = y;
      }
      return out;
    },
    decodeFields(data, inst, d: DecoderApi) {
      const target = inst as Record<string, unknown>;
      const inputs = plan.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const f = inputs[i] as FieldPlan;
        const raw = readField(data, f);
        if (raw === undefined) {
          d.missing(f, inst);
          continue;
        }
        const t = f.check?.typeofName;
        const v = t !== undefined && typeof raw === t ? raw : d.fieldValue(f, raw);
        if (v === INVALID) continue;
        try {
          target[f.key] = v;
        } catch (err) {
          d.writeFailed(err, f);
        }
      }
      if (plan.strict) d.unknownKeys(data, plan);
    },
    read: unread,
    sealVersion: -1,
    sealOf: false,
  };
  codec.read = readWith(codec);
  return codec;
}

/**
 * The statements that write field `i`'s value (in `x`) after its key, `kl`
 * characters long: `c = true` once written, the key taken back (`B`) when the
 * value is left out (see write-text.ts).
 */
function writeStatements(f: FieldPlan, i: number, kl: string): string {
  const slow = `{ m = M(w) - ${kl}; if (w.fieldWrite(x, F[${i}])) c = true; else B(w, m); }`;
  const num = 'typeof x === "number" && x - x === 0 && (x !== 0 || 1 / x > 0)';
  const t = f.type;
  if (t === String) return `if (typeof x === "string") { S(w, x); c = true; } else ${slow}`;
  // Integers and hundredths reach their writers as integers (see putNumber).
  const put =
    "if ((x | 0) === x) I(w, x | 0); else if ((n = Math.round(x * 100)) / 100 === x && n < 2147483647 && n > -2147483647) H(w, n | 0); else N(w, x);";
  if (t === Number) return `if (${num}) { ${put} c = true; } else ${slow}`;
  if (t === Boolean) return `if (x === true || x === false) { T(w, x ? "true" : "false"); c = true; } else ${slow}`;
  if (t === undefined || t === Object)
    return `if (typeof x === "string") { S(w, x); c = true; } else if (${num}) { ${put} c = true; } else if (typeof x === "boolean") { T(w, x ? "true" : "false"); c = true; } else ${slow}`;
  if (t === Date)
    return `if (x !== null && typeof x === "object" && getProto(x) === DATE && (n = getTime.call(x)) - n === 0) { D(w, x); c = true; } else ${
      f.validDate ? `{ w.checkDates(x, ${lit(f.wire)}); ${slow} }` : slow
    }`;
  return slow;
}

/** Statements storing key text `key` (`"name":`), after a comma when `c`, into the writer's buffer; `undefined` past ASCII. */
function keyStores(key: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: any character past ASCII
  if (key.length > 64 || /[^\u0000-\u007f]/.test(key)) return undefined;
  const stores = Array.from(key, (ch, j) => `b[p + ${j}] = ${ch.charCodeAt(0)};`).join(" ");
  return `p = w.tp; if (p > ${CHUNK - key.length - 1}) { FL(w); p = 0; } b = w.tb; if (c) b[p++] = 44; ${stores} w.tp = p + ${key.length};`;
}

/**
 * The generated JSON text writer of a model (`ModelCodec.write`): the bytes
 * `JSON.stringify` gives for what `encode` returns, without building it,
 * written into the writer's buffer. `undefined` where the tree's key order
 * would differ from the field order (an array-index wire name, which objects
 * move first) or two fields share a wire name.
 */
function compileWriter(plan: ModelPlan): ModelCodec["write"] {
  const fields = plan.fields;
  if (plan.wireNames.size !== fields.length || fields.some((f) => /^(?:0|[1-9]\d*)$/.test(f.wire))) return undefined;
  // `c`: something was written (the header or a field), so the next key takes a comma. ASCII keys are
  // stored into the writer's buffer byte by byte (`p`, `b`: its position and bytes; see write-text.ts).
  const w: string[] = [
    'var x, n, m, p, b, c = h !== "";',
    `p = w.tp; if (p > ${CHUNK - 2}) { FL(w); p = 0; } b = w.tb; if (o !== "{") b[p++] = 44; b[p] = 123; w.tp = p + 1;`,
    // The header's bytes are kept for the last header met (a model is mostly written under one).
    "if (c) { if (h !== hs) { hs = h; hb = BYTES(h); } if (hb === undefined) T(w, h); else PB(w, hb); }",
  ];
  fields.forEach((f, i) => {
    w.push(`x = v[${lit(f.key)}];`);
    if (f.validDate && f.type !== Date) w.push(`w.checkDates(x, ${lit(f.wire)});`);
    const key = `${lit(f.wire)}:`;
    const comma = `,${key}`;
    const body = `${keyStores(key) ?? `T(w, c ? ${lit(comma)} : ${lit(key)});`} ${writeStatements(f, i, `(c ? ${comma.length} : ${key.length})`)}`;
    w.push(f.optional ? `if (x !== undefined || !w.omits(F[${i}], P)) { ${body} }` : body);
  });
  w.push(`p = w.tp; if (p > ${CHUNK - 1}) { FL(w); p = 0; } w.tb[p] = 125; w.tp = p + 1;`);
  const make = new Function(
    "F",
    "P",
    "FL",
    "T",
    "S",
    "N",
    "I",
    "H",
    "D",
    "M",
    "B",
    "DATE",
    "getProto",
    "getTime",
    "BYTES",
    "PB",
    `var hs = "", hb; return function write(v, w, h, o) {\n${w.join("\n")}\n};`,
  );
  return make(
    fields,
    plan,
    flush,
    putText,
    putString,
    putNumber,
    putInt,
    putHundredths,
    putDate,
    mark,
    back,
    Date.prototype,
    Object.getPrototypeOf,
    Date.prototype.getTime,
    asciiBytes,
    putBytes,
  ) as ModelCodec["write"];
}

/** A model codec with generated encode / decode code; falls back to the interpreter where codegen is forbidden. */
export function compileModel(plan: ModelPlan): ModelCodec {
  if (plan.mode === "own" || !codegenAllowed()) return interpretModel(plan);
  const fields = plan.fields;
  // ---- encoder: `o` arrives with the header its position needs ($type, $version, a discriminator, or none) ----
  const enc: string[] = ["var x;"];
  fields.forEach((f, i) => {
    enc.push(`x = v[${lit(f.key)}];`);
    if (f.validDate) enc.push(`e.checkDates(x, ${lit(f.wire)});`);
    const test = fastTest(f);
    const value = test !== undefined ? `${test} ? x : e.field(x, F[${i}])` : `e.field(x, F[${i}])`;
    // A wire name that Object.prototype holds ("toString", "valueOf") is defined, not assigned (see onChain).
    const write = onChain(f.wire) ? `S(o, ${lit(f.wire)}, ${value});` : `o[${lit(f.wire)}] = ${value};`;
    enc.push(f.optional ? `if (x !== undefined || !e.omits(F[${i}], P)) ${write}` : write);
  });
  enc.push("return o;");
  // Built-in validators inlined (see inline-checks.ts): W[i] is field i's trusted write, K the constants of the checks.
  const W: unknown[] = [];
  const K: unknown[] = [];
  const T: unknown[] = [];
  const dec = fieldLines(plan, W, K, T);
  try {
    const makeEncode = new Function("F", "P", "S", `return function encode(v, e, o) {\n${enc.join("\n")}\n};`);
    const encode = makeEncode(fields, plan, setKey) as ModelCodec["encode"];
    // decodeFields (the general paths) and read (the usual object: constructed and filled in one call) share the field code.
    const makeDecode = new Function(
      "F",
      "P",
      "MC",
      "C",
      "INVALID",
      "GENERIC",
      "PD",
      "hasOwn",
      "W",
      "K",
      "PROTO",
      "OBJ",
      "getProto",
      "T",
      `/* decorum model decoder #${++decoders} */
return [function decodeFields(d, inst, c) {
${dec.join("\n")}
}, function read(d, c, tagged) {
${readHead(plan).join("\n")}
${dec.join("\n")}
return inst;
}];`,
    );
    const mc: ModelCodec = {
      plan,
      encode,
      decodeFields: unread as unknown as ModelCodec["decodeFields"],
      read: unread,
      write: compileWriter(plan),
      heads: undefined,
      sealVersion: -1,
      sealOf: false,
    };
    const [decodeFields, read] = makeDecode(
      plan.inputs,
      plan,
      mc,
      plan.ctor,
      INVALID,
      GENERIC,
      parseIsoDate,
      Object.hasOwn,
      W,
      K,
      plan.ctor.prototype,
      Object.prototype,
      Object.getPrototypeOf,
      T,
    ) as [ModelCodec["decodeFields"], ModelCodec["read"]];
    mc.decodeFields = decodeFields;
    mc.read = read;
    return mc;
  } catch {
    return interpretModel(plan);
  }
}
