/**
 * Serialization against the peers (issue 9): one domain model — an `Order`
 * with an `Address`, 20 validated `LineItem`s, a `Date`, a
 * `Map<string, number>`, a `Set<string>` and a polymorphic `Shape`
 * (`Circle` / `Square`) — 1,000 orders encoded (instances → JSON text) and
 * decoded (JSON text → instances) by decorum, class-transformer, superjson,
 * serializr and typescript-json-serializer, ajv / TypeBox / zod + hand-built
 * instances (decode) and fast-json-stringify (encode), against two limits:
 * `JSON.stringify` / `JSON.parse` of the equivalent plain tree, and
 * hand-written `toJSON` / `fromJSON` with the same validation.
 *
 * Before anything is timed, every contestant's output is decoded and its
 * graph (classes, Date, Map, Set, subclass of the shape, every value)
 * compared with the source data and with the baseline's.
 *
 * Peers that only ship legacy decorators (class-transformer,
 * typescript-json-serializer) get their decorators applied as functions
 * (with the `design:type` metadata `emitDecoratorMetadata` would write), so
 * this file compiles with the project's standard-decorator tsconfig; see
 * bench/serialize-peers/*.ts and docs/performance.md.
 *
 * Run: `node scripts/build.mjs && node scripts/bench.mjs serialize-peers`
 * (the bench imports the built "decorum"). `PEERS_ORDERS`, `PEERS_MEMORY_CALLS`
 * override the sizes.
 */
import { interleaved, note, save } from "./lib.js";
import { classTransformer } from "./serialize-peers/class-transformer.js";
import type { Peer } from "./serialize-peers/contestant.js";
import { canonical, canonicalData, ordersData } from "./serialize-peers/data.js";
import { decorum, decorumFloor, registry as decorumRegistry } from "./serialize-peers/decorum.js";
import { handwritten } from "./serialize-peers/handwritten.js";
import { plainJson } from "./serialize-peers/limits.js";
import { allocation } from "./serialize-peers/memory.js";
import { ajvPeer, fastJsonStringifyPeer, typeboxPeer, zodPeer } from "./serialize-peers/schema-peers.js";
import { serializr } from "./serialize-peers/serializr.js";
import { superjson } from "./serialize-peers/superjson.js";
import { typescriptJsonSerializer } from "./serialize-peers/typescript-json-serializer.js";

const ORDERS = Number(process.env.PEERS_ORDERS ?? 1000);
/** Calls of the memory check for decorum and the limits; the peers get a tenth (they are 10–100× slower). */
const MEMORY_CALLS = Number(process.env.PEERS_MEMORY_CALLS ?? 1e5);
/**
 * Timing: the contestants of a group run interleaved, `PEERS_ROUNDS` rounds
 * (default 15) of one slice of about `PEERS_SLICE_MS` (default 30 ms) each,
 * in a rotated order, and each keeps its fastest slice. Other processes share
 * the CPU: measured one after another, a contestant timed while the machine
 * is busy looks slow, while interleaved slices give every contestant the
 * same chances (the way bench/serialize-shapes.bench.ts measures).
 */
const ROUNDS = Number(process.env.PEERS_ROUNDS ?? 15);
const SLICE_MS = Number(process.env.PEERS_SLICE_MS ?? 30);

const peers: Peer[] = [
  plainJson,
  handwritten,
  decorum,
  superjson,
  serializr,
  typescriptJsonSerializer,
  classTransformer,
  ajvPeer,
  typeboxPeer,
  zodPeer,
  fastJsonStringifyPeer,
] as Peer[];
const data = ordersData(ORDERS);
const expected = canonicalData(data);

// ── correctness before timing ────────────────────────────────────────────────
const instances = new Map<Peer, unknown[]>();
const texts = new Map<Peer, string>();
for (const p of peers) {
  const built = p.build(data);
  const text = p.encode(built);
  const back = canonical(p.decode(text));
  if (back !== expected)
    throw new Error(`${p.name}: decoded graph differs from the source data\n${back.slice(0, 400)}\n${expected.slice(0, 400)}`);
  instances.set(p, built);
  texts.set(p, text);
}
// Validation is really on where a contestant claims it: a negative price must be rejected.
for (const p of peers.filter((q) => q.validates)) {
  const bad = (texts.get(p) as string).replace(/"price":([0-9.]+)/, '"price":-$1');
  let rejected = false;
  try {
    p.decode(bad);
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error(`${p.name}: accepted a negative price`);
}

// ── encode: instances → JSON text ────────────────────────────────────────────
const encodeContestants: Record<string, () => unknown> = {};
peers.forEach((p, i) => {
  if (p.only === "decode") return;
  const built = instances.get(p) as unknown[];
  encodeContestants[p.name] = () => [i, p.encode(built)];
});
/**
 * Not a contestant: `JSON.stringify` of decorum's wire tree, built once
 * before timing. The wire format carries `"$type"` tags (models, Date, Map,
 * Set), so its text is longer than the plain tree's; this row is what
 * writing that text costs with zero encoding work, the floor any encoder of
 * the format stands on.
 */
const FLOOR = "JSON.stringify of decorum's wire tree (format floor)";
const decorumIndex = peers.indexOf(decorum as Peer);
const wireTree = decorumRegistry.toPlain(instances.get(decorum as Peer));
encodeContestants[FLOOR] = () => [decorumIndex, JSON.stringify(wireTree)];
/**
 * Not a contestant: a JavaScript writer of decorum's wire text written by hand
 * for this one model, reading the same instances (accessor getters, Map and
 * Set iteration, `toISOString` per Date) and concatenating pre-quoted keys,
 * long element texts flattened as decorum's writer does. No dispatch, no
 * checks but string escaping: the floor any generated JavaScript writer from
 * these instances stands on.
 */
const CONCAT = "hand-written JS concatenation from the instances (writer floor)";
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const ESCAPED = /[\u0000-\u001f"\\\ud800-\udfff]/;
const q = (s: string) => (ESCAPED.test(s) ? JSON.stringify(s) : `"${s}"`);
function concatOrders(orders: unknown[]): string {
  let out = "[";
  for (let i = 0; i < orders.length; i++) {
    const o = orders[i] as {
      id: string;
      placed: Date;
      customer: string;
      address: Record<"street" | "city" | "zip" | "country", string>;
      lines: Array<{ product: string; quantity: number; price: number }>;
      prices: Map<string, number>;
      tags: Set<string>;
      shape: { radius?: number; side?: number };
    };
    const a = o.address;
    let t = `${i === 0 ? "" : ","}{"$type":"Order","id":${q(o.id)},"placed":"${o.placed.toISOString()}","customer":${q(o.customer)},"address":{"street":${q(a.street)},"city":${q(a.city)},"zip":${q(a.zip)},"country":${q(a.country)}},"lines":[`;
    for (let j = 0; j < o.lines.length; j++) {
      const l = o.lines[j] as { product: string; quantity: number; price: number };
      t += `${j === 0 ? "" : ","}{"product":${q(l.product)},"quantity":${l.quantity},"price":${l.price}}`;
    }
    t += '],"prices":{';
    let sep = "";
    for (const [k, v] of o.prices) {
      t += `${sep + q(k)}:${v}`;
      sep = ",";
    }
    t += '},"tags":[';
    sep = "";
    for (const g of o.tags) {
      t += sep + q(g);
      sep = ",";
    }
    const sh = o.shape;
    t += `],"shape":${sh.radius !== undefined ? `{"$type":"Circle","radius":${sh.radius}}` : `{"$type":"Square","side":${sh.side}}`}}`;
    if (t.length > 256) t.charCodeAt(0);
    out += t;
  }
  return `${out}]`;
}
const decorumOrders = instances.get(decorum as Peer) as unknown[];
encodeContestants[CONCAT] = () => [decorumIndex, concatOrders(decorumOrders)];
const encoded = interleaved(
  `encode ${ORDERS} orders (instances → JSON text)`,
  encodeContestants,
  {
    baseline: plainJson.name,
    unitsPerCall: ORDERS,
    unit: "order",
    agree: (a, b) => {
      const [ia, ta] = a as [number, string];
      const [ib, tb] = b as [number, string];
      return canonical((peers[ia] as Peer).decode(ta)) === canonical((peers[ib] as Peer).decode(tb));
    },
  },
  ROUNDS,
  SLICE_MS,
);

// ── decode: JSON text → (validated) instances ────────────────────────────────
const decodeContestants: Record<string, () => unknown> = {};
for (const p of peers) {
  if (p.only === "encode") continue;
  const text = texts.get(p) as string;
  decodeContestants[`${p.name}${p.validates ? " ✓validates" : ""}`] = () => p.decode(text);
}
// The floor row (not a peer): parses decorum's own text, so it is checked here like the peers are above.
const DECODE_FLOOR = `${decorumFloor.name} ✓validates`;
{
  const text = texts.get(decorum as Peer) as string;
  if (canonical(decorumFloor.decode(text)) !== expected)
    throw new Error(`${decorumFloor.name}: decoded graph differs from the source data`);
  let rejected = false;
  try {
    decorumFloor.decode(text.replace(/"price":([0-9.]+)/, '"price":-$1'));
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error(`${decorumFloor.name}: accepted a negative price`);
  decodeContestants[DECODE_FLOOR] = () => decorumFloor.decode(text);
}
const decoded = interleaved(
  `decode ${ORDERS} orders (JSON text → instances)`,
  decodeContestants,
  {
    baseline: `${handwritten.name} ✓validates`,
    unitsPerCall: ORDERS,
    unit: "order",
    agree: (a, b) => canonical(a) === canonical(b),
  },
  ROUNDS,
  SLICE_MS,
);

// ── targets (issue 9) ────────────────────────────────────────────────────────
function nsOf(rows: typeof encoded.rows, name: string): number {
  const r = rows.find((x) => x.name.startsWith(name));
  return r ? r.nsPerUnit : Number.NaN;
}
const peerNames = [superjson, serializr, typescriptJsonSerializer, classTransformer].map((p) => p.name);
const fastest = (rows: typeof encoded.rows) => Math.min(...peerNames.map((n) => nsOf(rows, n)));
/** The peers of the shapes benchmark (issue 17): the schema-compiled writer on encode, the validating peers on decode. */
const encodePeers = [...peerNames, fastJsonStringifyPeer.name];
const validatingPeers = [ajvPeer, typeboxPeer, zodPeer].map((p) => p.name);
const fastestOf = (rows: typeof encoded.rows, names: readonly string[]) => {
  let best = names[0] as string;
  for (const n of names) if (nsOf(rows, n) < nsOf(rows, best)) best = n;
  return { name: best, ns: nsOf(rows, best) };
};
const encodeBest = fastestOf(encoded.rows, encodePeers);
const decodeBest = fastestOf(decoded.rows, validatingPeers);
const encodeVsPlain = nsOf(encoded.rows, decorum.name) / nsOf(encoded.rows, plainJson.name);
const decodeVsHand = nsOf(decoded.rows, decorum.name) / nsOf(decoded.rows, handwritten.name);
note("targets (decorum time ÷ other time; < 1 is faster)", {
  "encode ÷ JSON.stringify(plain tree)  [target ≤ 1.5]": encodeVsPlain,
  "format floor ÷ JSON.stringify(plain tree)  (the wire format's own cost)": nsOf(encoded.rows, FLOOR) / nsOf(encoded.rows, plainJson.name),
  "encode ÷ format floor  (decorum's encoding work)": nsOf(encoded.rows, decorum.name) / nsOf(encoded.rows, FLOOR),
  "writer floor ÷ JSON.stringify(plain tree)  (JS concatenation from instances, hand-written)":
    nsOf(encoded.rows, CONCAT) / nsOf(encoded.rows, plainJson.name),
  "encode ÷ writer floor  (decorum's dispatch over a hand-written writer)": nsOf(encoded.rows, decorum.name) / nsOf(encoded.rows, CONCAT),
  "encode ÷ hand-written toJSON": nsOf(encoded.rows, decorum.name) / nsOf(encoded.rows, handwritten.name),
  "encode speed-up over class-transformer  [target ≥ 10]": nsOf(encoded.rows, classTransformer.name) / nsOf(encoded.rows, decorum.name),
  "encode speed-up over fastest peer  [target ≥ 1]": fastest(encoded.rows) / nsOf(encoded.rows, decorum.name),
  "decode ÷ hand-written fromJSON  [target ≤ 1.2]": decodeVsHand,
  "decode ÷ JSON.parse(plain tree)": nsOf(decoded.rows, decorum.name) / nsOf(decoded.rows, plainJson.name),
  "decode ÷ floor (JSON.parse + decorum's classes built by hand)": nsOf(decoded.rows, decorum.name) / nsOf(decoded.rows, decorumFloor.name),
  "floor ÷ hand-written fromJSON  (what construction of decorum's models costs against plain classes)":
    nsOf(decoded.rows, decorumFloor.name) / nsOf(decoded.rows, handwritten.name),
  "decode speed-up over class-transformer  [target ≥ 10]": nsOf(decoded.rows, classTransformer.name) / nsOf(decoded.rows, decorum.name),
  "decode speed-up over fastest peer  [target ≥ 1]": fastest(decoded.rows) / nsOf(decoded.rows, decorum.name),
  [`encode ÷ fastest peer, fast-json-stringify included (${encodeBest.name})  [target ≤ 1.0]`]:
    nsOf(encoded.rows, decorum.name) / encodeBest.ns,
  [`decode ÷ fastest validating peer (${decodeBest.name})  [target ≤ 1.0]`]: nsOf(decoded.rows, decorum.name) / decodeBest.ns,
});

note(
  "what each peer cannot express (workarounds used)",
  Object.fromEntries(peers.filter((p) => p.notes.length > 0).map((p) => [p.name, p.notes])),
);

// ── memory: one order per call ───────────────────────────────────────────────
if (MEMORY_CALLS > 0) {
  const one = ordersData(1);
  const memory: Record<string, unknown> = {};
  for (const p of peers) {
    const built = p.build(one);
    const text = p.encode(built);
    // encode one order (as a one-element array, like the timed runs)
    const calls = p === decorum || p === plainJson || p === handwritten ? MEMORY_CALLS : Math.max(100, MEMORY_CALLS / 10);
    for (const [what, fn] of [
      ["encode", () => p.encode(built)],
      ["decode", () => p.decode(text)],
    ] as const) {
      if (p.only !== undefined && p.only !== what) continue;
      const a = allocation(fn, calls);
      memory[`${p.name} ${what}`] =
        `${calls} calls: allocated ${Math.round(a.allocatedBytesPerCall)} B/call = output ${Math.round(a.outputBytesPerCall)} B + beyond the output ${Math.round(a.garbageBytesPerCall)} B; retained after gc ${a.retainedBytesPerCall.toFixed(2)} B/call (${a.collections} collections)`;
    }
  }
  {
    const text = decorum.encode(decorum.build(one));
    const a = allocation(() => decorumFloor.decode(text), MEMORY_CALLS);
    memory[`${decorumFloor.name} decode`] =
      `${MEMORY_CALLS} calls: allocated ${Math.round(a.allocatedBytesPerCall)} B/call = output ${Math.round(a.outputBytesPerCall)} B + beyond the output ${Math.round(a.garbageBytesPerCall)} B; retained after gc ${a.retainedBytesPerCall.toFixed(2)} B/call (${a.collections} collections)`;
  }
  note("memory per call (1 order per call, --expose-gc + heap statistics)", memory);
}

save("serialize-peers");
