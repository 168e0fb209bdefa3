/**
 * Typed plain decode: HTTP request bodies (plain JSON text, no `"$type"`
 * tags) into validated model instances — what a NestJS `ValidationPipe`
 * does with class-transformer and class-validator, and what zod does with a
 * schema. The model is the serialization benchmark's Order (an Address, 20
 * LineItems with a positive integer quantity and a positive price, a Date, a
 * Map<string, number>, a Set<string> and a Circle / Square shape chosen by a
 * `"kind"` discriminator); the bodies are its plain tree, one order per body,
 * 100 bodies read 10 per call. Every contestant parses the text (JSON.parse) and
 * validates:
 *
 * - decorum: `fromPlain(JSON.parse(body), Order)` (bench/plain-decode/decorum.ts);
 * - class-transformer + class-validator: `plainToInstance` + `validateSync`;
 * - zod v4: `schema.parse` into plain objects; for class instances as the
 *   others produce, the same schema with a constructor call per object in
 *   `.transform`, and the plain schema followed by the constructors called
 *   by hand;
 * - the limit: `JSON.parse` alone (no instances, no validation);
 * - for reference, not a contestant: decorum reading its own tagged wire
 *   text of the same orders (`deserialize(text, Order)`), which skips typed
 *   input's tagging pass: what the plain path costs beyond it.
 *
 * Before timing, every contestant's output is checked against the source
 * data (classes, Date, Map, Set, subclass of the shape, every value), and
 * every contestant must reject a body with a negative quantity.
 *
 * Run: `node scripts/build.mjs && node scripts/bench.mjs plain-decode`.
 * `PLAIN_BODIES`, `PLAIN_ROUNDS` override the sizes.
 */
import { bestOf, note, save } from "./lib.js";
import { classTransformerDecode } from "./plain-decode/class-transformer.js";
import { decorumDecode, decorumTagged, decorumTaggedDecode } from "./plain-decode/decorum.js";
import { zodClassDecode, zodPlainDecode, zodThenConstruct } from "./plain-decode/zod.js";
import { canonical, canonicalData, ordersData, plainTree } from "./serialize-peers/data.js";

const BODIES = Number(process.env.PLAIN_BODIES ?? 100);
const ROUNDS = Number(process.env.PLAIN_ROUNDS ?? 3);

const data = ordersData(BODIES);
const bodies = plainTree(data).map((o) => JSON.stringify(o));
const expected = canonicalData(data);

const LIMIT = "JSON.parse only (no instances, no validation)";
const DECORUM = "decorum fromPlain";
const CT = "class-transformer + class-validator";
const ZOD = "zod (plain objects)";
const ZOD_CLASSES = "zod + constructors in .transform";
const ZOD_THEN = "zod, then constructors by hand";

const decoders: Record<string, (body: string) => unknown> = {
  [DECORUM]: decorumDecode,
  [CT]: classTransformerDecode,
  [ZOD]: zodPlainDecode,
  [ZOD_CLASSES]: zodClassDecode,
  [ZOD_THEN]: zodThenConstruct,
};

/** zod's plain output, in the shape `canonical` gives instances (the classes are the schema's objects). */
function canonicalZodPlain(orders: ReturnType<typeof zodPlainDecode>[]): string {
  return JSON.stringify(
    orders.map((o) => {
      if (!(o.placed instanceof Date) || !(o.prices instanceof Map) || !(o.tags instanceof Set))
        throw new Error("zod: Date / Map / Set expected");
      return {
        class: "Order",
        id: o.id,
        placed: o.placed.toISOString(),
        customer: o.customer,
        address: { class: "Address", ...o.address },
        lines: o.lines.map((l) => ({ class: "LineItem", ...l })),
        prices: [...o.prices],
        tags: [...o.tags],
        shape: o.shape.kind === "Circle" ? { class: "Circle", radius: o.shape.radius } : { class: "Square", side: o.shape.side },
      };
    }),
  );
}

// ── correctness before timing ────────────────────────────────────────────────
for (const [name, decode] of Object.entries(decoders)) {
  const out = bodies.map(decode);
  const got = name === ZOD ? canonicalZodPlain(out as ReturnType<typeof zodPlainDecode>[]) : canonical(out);
  if (got !== expected)
    throw new Error(`${name}: decoded orders differ from the source data\n${got.slice(0, 400)}\n${expected.slice(0, 400)}`);
}
// Validation is really on: a negative quantity (the fourth line's) must be rejected.
let seen = 0;
const bad = (bodies[1] as string).replace(/"quantity":(\d+)/g, (m, q: string) => (++seen === 4 ? `"quantity":-${q}` : m));
if (seen < 4) throw new Error("could not build the bad body");
for (const [name, decode] of Object.entries(decoders)) {
  let rejected = false;
  try {
    decode(bad);
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error(`${name}: accepted a negative quantity`);
}

// ── timing ───────────────────────────────────────────────────────────────────
/** The checksum every contestant returns: orders, lines and the sum of quantities (proven equal above, cheap to recompute). */
function checksum(orders: unknown[]): number[] {
  let lines = 0;
  let quantity = 0;
  for (const o of orders as Array<{ lines: Array<{ quantity: number }> }>) {
    lines += o.lines.length;
    for (const l of o.lines) quantity += l.quantity;
  }
  return [orders.length, lines, quantity];
}

const TAGGED = "decorum deserialize, tagged wire text (reference)";
const tagged = decorumTagged(bodies);
if (canonical(tagged.map(decorumTaggedDecode)) !== expected) throw new Error("decorum: the tagged text reads back differently");
/**
 * Each call decodes one slice of 10 bodies, the next slice on the next call:
 * short calls are preempted less often on a busy machine, and all the
 * bodies are read. The first call of every contestant reads the first slice
 * (the checksums are checked before each round against the source data's for
 * the slice read).
 */
const SLICE = 10;
const slices: string[][] = [];
const taggedSlices: string[][] = [];
for (let i = 0; i < BODIES; i += SLICE) {
  slices.push(bodies.slice(i, i + SLICE));
  taggedSlices.push(tagged.slice(i, i + SLICE));
}
/** The checksum of each slice, from the source data. */
const want = slices.map((_, i) => JSON.stringify(checksum(data.slice(i * SLICE, (i + 1) * SLICE))));
interface SliceSum {
  slice: number;
  sum: number[];
}
function rotating(list: string[][], decode: (body: string) => unknown): () => SliceSum {
  let k = 0;
  return () => {
    const slice = k++ % list.length;
    return { slice, sum: checksum((list[slice] as string[]).map(decode)) };
  };
}
/** A contestant agrees when its checksum is the source data's for the slice it read. */
const right = (x: unknown) => JSON.stringify((x as SliceSum).sum) === want[(x as SliceSum).slice];
const contestants: Record<string, () => unknown> = {
  [LIMIT]: rotating(slices, (b) => JSON.parse(b)),
  [TAGGED]: rotating(taggedSlices, decorumTaggedDecode),
};
for (const [name, decode] of Object.entries(decoders)) contestants[name] = rotating(slices, decode);

/**
 * Warm-up before the rounds: class-transformer + class-validator stay about
 * ten times slower than their steady state for their first few hundred
 * bodies, longer than a round's samples last; every contestant reads 1,000
 * bodies, and for at least a second, first.
 */
for (const f of Object.values(contestants)) {
  const t0 = performance.now();
  for (let calls = 0; calls < 1000 / SLICE || performance.now() - t0 < 1000; calls++) f();
}

const result = await bestOf(ROUNDS, `typed plain decode: ${BODIES} request bodies (JSON text → validated orders)`, contestants, {
  baseline: DECORUM,
  unitsPerCall: SLICE,
  unit: "body",
  agree: (a, b) => right(a) && right(b),
});

const ns = (name: string) => result.rows.find((r) => r.name === name)?.nsPerUnit ?? Number.NaN;
note("targets (other time ÷ decorum time; > 1: decorum is faster)", {
  "speed-up over class-transformer + class-validator  [target ≥ 3]": ns(CT) / ns(DECORUM),
  "speed-up over zod, plain objects  [target ≥ 1]": ns(ZOD) / ns(DECORUM),
  "speed-up over zod + constructors in .transform (instances, as decorum)": ns(ZOD_CLASSES) / ns(DECORUM),
  "speed-up over zod, then constructors by hand (instances, as decorum)": ns(ZOD_THEN) / ns(DECORUM),
  "decorum ÷ JSON.parse alone (the cost of instances + validation)": ns(DECORUM) / ns(LIMIT),
  "decorum plain ÷ decorum tagged (the typed-input pass)": ns(DECORUM) / ns(TAGGED),
});
save("plain-decode");
