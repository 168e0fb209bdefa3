/**
 * Serialization on three shapes of data, against the peers and the limits:
 *
 * - ledger: accounts with a polymorphic owner, Dates, a Map, a Set and a
 *   hundred dated, validated transactions each (`SHAPES_ACCOUNTS` per call,
 *   default 100);
 * - message: small `{ seq, kind, x, y, at }` messages encoded / decoded one
 *   at a time, as a channel sends them (100 per call, one call each);
 * - chain: a linked list of 200 nodes (one chain per call).
 *
 * Contestants: decorum (tagged `serialize` / `deserialize`, and plain JSON
 * with `tags: false` / `deserialize(text, Class)`), serializr,
 * class-transformer, ajv + hand-built instances, TypeBox TypeCompiler +
 * hand-built, zod 4 + hand-built, fast-json-stringify (encode), and the
 * limits: hand-written `toJSON` / `fromJSON` with the same checks, and
 * `JSON.stringify` / `JSON.parse` of the plain tree.
 *
 * Before anything is timed every contestant's output is decoded and its
 * graph (class of every object, Date, Map, Set, the owner's subclass, every
 * value) compared with the source data, and every validating contestant
 * must reject a negative id, a fractional id and a non-finite amount.
 *
 * Then memory (`--expose-gc`): bytes allocated per decoded model object and
 * per encoded account on the ledger, and time per account at 100 / 300 /
 * 600 / 1000 accounts per call.
 *
 * Run: `node scripts/build.mjs && node scripts/bench.mjs serialize-shapes`.
 * `SHAPES_ROUNDS` (30 interleaved slices), `SHAPES_SLICE_MS` (10),
 * `SHAPES_ACCOUNTS` (100), `SHAPES_MEMORY_CALLS`
 * (20000), `SHAPES_ONLY` (ledger,message,chain), `SHAPES_SCALING` (1: on)
 * override the defaults.
 */
import { type CompareOptions, type GroupResult, interleaved as interleavedLib, note, save, type Contestant as Timed } from "./lib.js";
import { allocation } from "./serialize-peers/memory.js";
import { classTransformerPeer } from "./serialize-shapes/class-transformer.js";
import type { Contestant, ShapeCodec } from "./serialize-shapes/contestant.js";
import {
  accountData,
  badTexts,
  CHAIN,
  canonicalChain,
  canonicalChainData,
  canonicalLedger,
  canonicalLedgerData,
  canonicalMessage,
  canonicalMessageData,
  chainData,
  ledgerData,
  messageData,
  TRANSACTIONS,
} from "./serialize-shapes/data.js";
import { decorumFloor, decorumPlain, decorumTagged, decorumTaggedFloor } from "./serialize-shapes/decorum.js";
import { handwritten } from "./serialize-shapes/handwritten.js";
import { dateFloor, fjsPlain, plainJson } from "./serialize-shapes/limits.js";
import { serializrPeer } from "./serialize-shapes/serializr.js";
import { ajvPeer, typeboxPeer, zodPeer } from "./serialize-shapes/validators.js";
import { fastJsonStringify } from "./serialize-shapes/writers.js";

const ROUNDS = Number(process.env.SHAPES_ROUNDS ?? 30);
const SLICE_MS = Number(process.env.SHAPES_SLICE_MS ?? 10);
const ACCOUNTS = Number(process.env.SHAPES_ACCOUNTS ?? 100);
const MEMORY_CALLS = Number(process.env.SHAPES_MEMORY_CALLS ?? 20000);
const ONLY = (process.env.SHAPES_ONLY ?? "ledger,message,chain").split(",");
const SCALING = process.env.SHAPES_SCALING !== "0";
const SCALING_ROUNDS = Number(process.env.SHAPES_SCALING_ROUNDS ?? 8);
const MESSAGES = 100;

const all: Contestant[] = [
  plainJson,
  dateFloor,
  fjsPlain,
  handwritten,
  decorumFloor,
  decorumTagged,
  decorumTaggedFloor,
  decorumPlain,
  ajvPeer,
  typeboxPeer,
  zodPeer,
  fastJsonStringify,
  serializrPeer,
  classTransformerPeer,
];

type Key = "ledger" | "message" | "chain";
interface Shape {
  key: Key;
  title: string;
  unit: string;
  /** The data items of one call (each encoded / decoded by one library call). */
  items: unknown[];
  units: number;
  canonical: (v: unknown) => string;
  expected: string[];
  idKey: string;
  amountKey: string;
}

const ledgerItems = [ledgerData(ACCOUNTS)];
const messageItems = Array.from({ length: MESSAGES }, (_, i) => messageData(i * 37));
const chainItems = [chainData(CHAIN)];
const shapes: Shape[] = (
  [
    {
      key: "ledger",
      title: `ledger: ${ACCOUNTS} accounts of ${TRANSACTIONS} transactions per call`,
      unit: "account",
      items: ledgerItems,
      units: ACCOUNTS,
      canonical: canonicalLedger,
      expected: ledgerItems.map((d) => canonicalLedgerData(d)),
      idKey: "id",
      amountKey: "amount",
    },
    {
      key: "message",
      title: `message: ${MESSAGES} messages, one library call each`,
      unit: "message",
      items: messageItems,
      units: MESSAGES,
      canonical: canonicalMessage,
      expected: messageItems.map((d) => canonicalMessageData(d)),
      idKey: "seq",
      amountKey: "x",
    },
    {
      key: "chain",
      title: `chain: ${CHAIN} linked nodes per call`,
      unit: "chain",
      items: chainItems,
      units: 1,
      canonical: canonicalChain,
      expected: chainItems.map((d) => canonicalChainData(d)),
      idKey: "id",
      amountKey: "amount",
    },
  ] as Shape[]
).filter((s) => ONLY.includes(s.key));

/** {@link interleavedLib} with this file's slice length and round count. */
function interleaved(
  group: string,
  contestants: Record<string, Timed>,
  options: CompareOptions & { baseline: string; agree: (a: unknown, b: unknown) => boolean },
  rounds = ROUNDS,
): GroupResult {
  return interleavedLib(group, contestants, options, rounds, SLICE_MS);
}

const codecOf = (c: Contestant, s: Shape) => c[s.key] as ShapeCodec<unknown>;
const ratios: Record<string, Record<string, number>> = {};

for (const s of shapes) {
  console.log(`\n━━━━ ${s.title} ━━━━`);
  // ── correctness before timing ──────────────────────────────────────────────
  const built = new Map<Contestant, unknown[]>();
  const texts = new Map<Contestant, string[]>();
  const plainTexts = s.items.map((d) => JSON.stringify(codecOf(plainJson, s).build(d)));
  for (const c of all) {
    const codec = codecOf(c, s);
    const instances = s.items.map((d) => codec.build(d));
    built.set(c, instances);
    const own = codec.encode
      ? instances.map((x) => (codec.encode as (x: unknown) => string)(x))
      : (codec.decode && c.readsTextOf && texts.get(c.readsTextOf)) || plainTexts;
    texts.set(c, own);
    own.forEach((text, i) => {
      const back = s.canonical(codec.decode ? codec.decode(text) : JSON.parse(text));
      if (back !== s.expected[i])
        throw new Error(
          `${c.name} (${s.key}): decoded graph differs from the source data\n${back.slice(0, 300)}\n${s.expected[i]?.slice(0, 300)}`,
        );
    });
    if (codec.decode && codec.validates) {
      for (const [what, bad] of badTexts(own[0] as string, s.idKey, s.amountKey)) {
        let rejected = false;
        try {
          codec.decode(bad);
        } catch {
          rejected = true;
        }
        if (!rejected) throw new Error(`${c.name} (${s.key}): accepted a ${what}`);
      }
    }
  }
  console.log(
    `graphs equal for ${all.length} contestants; validating decoders reject a negative / fractional ${s.idKey} and a non-finite ${s.amountKey}`,
  );

  // ── encode ─────────────────────────────────────────────────────────────────
  const enc: Record<string, Timed> = {};
  const encoders = all.filter((c) => codecOf(c, s).encode !== undefined);
  for (const c of encoders) {
    const encode = codecOf(c, s).encode as (x: unknown) => string;
    const xs = built.get(c) as unknown[];
    const n = xs.length;
    enc[c.name] = () => {
      const out: string[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = encode(xs[i]);
      return [all.indexOf(c), out];
    };
  }
  const encoded = interleaved(`${s.key}: encode (instances → JSON text)`, enc, {
    baseline: plainJson.name,
    unitsPerCall: s.units,
    unit: s.unit,
    agree: (a, b) => {
      const [ia, ta] = a as [number, string[]];
      const [ib, tb] = b as [number, string[]];
      const back = (i: number, t: string) => {
        const codec = codecOf(all[i] as Contestant, s);
        return s.canonical(codec.decode ? codec.decode(t) : JSON.parse(t));
      };
      return ta.every((t, k) => back(ia, t) === back(ib, tb[k] as string));
    },
  });

  // ── decode ─────────────────────────────────────────────────────────────────
  const dec: Record<string, Timed> = {};
  const decoders = all.filter((c) => codecOf(c, s).decode !== undefined);
  for (const c of decoders) {
    const codec = codecOf(c, s);
    const decode = codec.decode as (t: string) => unknown;
    const ts = texts.get(c) as string[];
    const n = ts.length;
    dec[`${c.name}${codec.validates ? " ✓" : ""}`] = () => {
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = decode(ts[i] as string);
      return out;
    };
  }
  const decoded = interleaved(`${s.key}: decode (JSON text → instances; ✓ validates)`, dec, {
    baseline: `${handwritten.name} ✓`,
    unitsPerCall: s.units,
    unit: s.unit,
    agree: (a, b) => (a as unknown[]).every((x, i) => s.canonical(x) === s.canonical((b as unknown[])[i])),
  });

  // ── ratios ─────────────────────────────────────────────────────────────────
  const ns = (g: GroupResult, name: string) => g.rows.find((r) => r.name === name || r.name === `${name} ✓`)?.nsPerUnit ?? Number.NaN;
  const min = (g: GroupResult, cs: Contestant[]) => {
    let best = Number.POSITIVE_INFINITY;
    let who = "";
    for (const c of cs) {
      const t = ns(g, c.name);
      if (t < best) {
        best = t;
        who = c.name;
      }
    }
    return { best, who };
  };
  const encPeers = min(
    encoded,
    encoders.filter((c) => c.role === "peer"),
  );
  const decPeers = min(
    decoded,
    decoders.filter((c) => c.role === "peer"),
  );
  const decValidating = min(
    decoded,
    decoders.filter((c) => c.role === "peer" && codecOf(c, s).validates),
  );
  const r: Record<string, number> = {};
  for (const d of [decorumTagged, decorumPlain]) {
    const e = ns(encoded, d.name);
    const x = ns(decoded, d.name);
    const tag = d === decorumTagged ? "tagged" : "plain";
    r[`${tag} encode ÷ fastest peer (${encPeers.who})  [target ≤ 1.0]`] = e / encPeers.best;
    r[`${tag} encode ÷ JSON.stringify(plain tree)  [target ≤ 1.5]`] = e / ns(encoded, plainJson.name);
    r[`${tag} encode ÷ floor (JSON.stringify(plain tree) + toISOString per Date)`] = e / ns(encoded, dateFloor.name);
    r[`${tag} encode ÷ hand-written toJSON`] = e / ns(encoded, handwritten.name);
    r[`${tag} decode ÷ fastest validating peer (${decValidating.who})  [target ≤ 1.0]`] = x / decValidating.best;
    r[`${tag} decode ÷ fastest peer (${decPeers.who})`] = x / decPeers.best;
    r[`${tag} decode ÷ hand-written fromJSON  [target ≤ 1.2]`] = x / ns(decoded, handwritten.name);
    r[`${tag} decode ÷ JSON.parse(plain tree)`] = x / ns(decoded, plainJson.name);
    r[`${tag} decode ÷ floor (JSON.parse + decorum's classes built by hand)`] = x / ns(decoded, decorumFloor.name);
    if (d === decorumTagged && codecOf(decorumTaggedFloor, s).decode)
      r["tagged decode ÷ floor on the tagged text (its JSON.parse + the classes built by hand)"] = x / ns(decoded, decorumTaggedFloor.name);
  }
  r[`floor (JSON.parse + decorum's classes built by hand) ÷ fastest validating peer (${decValidating.who})`] =
    ns(decoded, decorumFloor.name) / decValidating.best;
  if (codecOf(decorumTaggedFloor, s).decode)
    r[`floor on the tagged text ÷ fastest validating peer (${decValidating.who})`] =
      ns(decoded, decorumTaggedFloor.name) / decValidating.best;
  ratios[s.key] = r;
  note(`${s.key}: decorum time ÷ other time (< 1: decorum is faster)`, r);
}

note(
  "what each contestant cannot express (workarounds used)",
  Object.fromEntries(all.filter((c) => c.notes.length > 0).map((c) => [c.name, c.notes])),
);

// ── memory and scaling on the ledger ──────────────────────────────────────────
if (MEMORY_CALLS > 0 && ONLY.includes("ledger")) {
  const one = [accountData(1)];
  const objectsPerAccount = 1 + 1 + TRANSACTIONS; // account, owner, transactions
  const objects = 1 + objectsPerAccount; // + the ledger
  const memory: Record<string, string> = {};
  for (const c of [plainJson, handwritten, decorumFloor, decorumTagged, decorumPlain, ajvPeer, typeboxPeer, fastJsonStringify]) {
    const codec = codecOf(c, { key: "ledger" } as Shape);
    const x = codec.build(one);
    const text = codec.encode ? codec.encode(x) : JSON.stringify(codecOf(plainJson, { key: "ledger" } as Shape).build(one));
    if (codec.decode) {
      const decode = codec.decode;
      const a = allocation(() => decode(text), MEMORY_CALLS);
      memory[`${c.name} decode`] =
        `${Math.round(a.allocatedBytesPerCall / objects)} B per model object allocated (output ${Math.round(a.outputBytesPerCall / objects)} B + beyond ${Math.round(a.garbageBytesPerCall / objects)} B); ${Math.round(a.allocatedBytesPerCall)} B per account call; retained ${a.retainedBytesPerCall.toFixed(2)} B/call; ${a.collections} GCs`;
    }
    if (codec.encode) {
      const encode = codec.encode;
      const a = allocation(() => encode(x), MEMORY_CALLS);
      memory[`${c.name} encode`] =
        `${(a.allocatedBytesPerCall / 1024).toFixed(1)} KB per account allocated (output ${(a.outputBytesPerCall / 1024).toFixed(1)} KB + beyond ${(a.garbageBytesPerCall / 1024).toFixed(1)} KB); retained ${a.retainedBytesPerCall.toFixed(2)} B/call; ${a.collections} GCs`;
    }
  }
  note(`ledger memory: 1 account (${objects} model objects) per call, ${MEMORY_CALLS} calls, --expose-gc + heap statistics`, memory);
}

if (SCALING && ONLY.includes("ledger")) {
  const scaling: Record<string, string> = {};
  const ledgerShape = { key: "ledger" } as Shape;
  for (const n of [100, 300, 600, 1000]) {
    const data = ledgerData(n);
    const enc: Record<string, Timed> = {};
    const dec: Record<string, Timed> = {};
    for (const c of [plainJson, handwritten, decorumTagged, decorumPlain, ajvPeer]) {
      const codec = codecOf(c, ledgerShape);
      const x = codec.build(data);
      if (codec.encode) {
        const encode = codec.encode;
        enc[c.name] = () => encode(x).length;
      }
      const text = codec.encode ? codec.encode(x) : JSON.stringify(codecOf(plainJson, ledgerShape).build(data));
      const decode = codec.decode as (t: string) => unknown;
      dec[c.name] = () => decode(text);
    }
    const opts = { unitsPerCall: n, unit: "account", agree: () => true };
    const e = interleaved(`ledger scaling: encode ${n} accounts per call`, enc, { ...opts, baseline: plainJson.name }, SCALING_ROUNDS);
    const d = interleaved(`ledger scaling: decode ${n} accounts per call`, dec, { ...opts, baseline: handwritten.name }, SCALING_ROUNDS);
    for (const r of e.rows) scaling[`encode, ${n} accounts/call, ${r.name}`] = `${(r.nsPerUnit / 1e3).toFixed(2)} µs/account`;
    for (const r of d.rows) scaling[`decode, ${n} accounts/call, ${r.name}`] = `${(r.nsPerUnit / 1e3).toFixed(2)} µs/account`;
  }
  note("ledger: time per account by accounts per call (fastest interleaved slice)", scaling);
}

save("serialize-shapes");
