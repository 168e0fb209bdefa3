/**
 * Collections against their peers: heap-js, @datastructures-js/priority-queue,
 * mnemonist, js-sdsl, denque, lru-cache, sorted-btree, flatqueue, plus
 * hand-written references (the physical limit of each idea). Every
 * (workload, library) pair runs in its own process (build/bench/collections/run.js);
 * all contestants of a workload must return decorum's checksum, or the run
 * fails. Prints one ratio table per workload and the issue's targets. Times
 * are CPU times of the measuring process (see run.ts), so waiting for a core
 * on a busy machine does not count against anyone.
 *   node scripts/bench.mjs collections            (all workloads)
 *   node build/bench/collections.bench.js pq-ties  (one workload, after a build)
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type GroupResult, note, printGroup, type Row, save } from "./lib.js";

const runner = fileURLToPath(new URL("./collections/run.js", import.meta.url));

// Snapshot the built library (dist/esm) next to the runner, so every process measures the same code.
const dist = fileURLToPath(new URL("../../dist/esm", import.meta.url));
const snapshot = fileURLToPath(new URL("./collections/decorum", import.meta.url));
if (!existsSync(`${dist}/collections/heap.js`)) throw new Error("dist/esm is missing: run `npm run build` (or `npm run bench`) first");
rmSync(snapshot, { recursive: true, force: true });
cpSync(dist, snapshot, { recursive: true });

interface Spec {
  title: string;
  libs: string[];
  /** Peers whose best speed the target is relative to. */
  peers: string[];
  target: number;
  /** A second target: [library, minimum ratio]. */
  also?: [string, number];
  /**
   * The decorum contestant the target is measured with (default "decorum"): a bounded deque for peers
   * that are fixed-capacity buffers of the same bound; the plain "decorum" row is then reported beside it.
   */
  subject?: string;
  /** Contestants known to return wrong results: timed and reported, not required to agree. */
  wrong?: Record<string, string>;
}

const specs: Record<string, Spec> = {
  "heap-numbers": {
    title: "Heap: 1e6 numbers pushed then popped",
    libs: ["decorum", "Float64Array heap (limit)", "mnemonist", "heap-js", "@datastructures-js", "js-sdsl", "flatqueue"],
    peers: ["mnemonist", "heap-js", "@datastructures-js", "js-sdsl", "flatqueue"],
    target: 1.05,
  },
  "heap-comparator": {
    title: "Heap with a comparator: 3e5 objects pushed then popped",
    libs: ["decorum", "mnemonist", "heap-js", "@datastructures-js", "js-sdsl"],
    peers: ["mnemonist", "heap-js", "@datastructures-js", "js-sdsl"],
    target: 1.0,
  },
  "pq-ties": {
    title: "PriorityQueue, heavy ties (8 priorities): 2e5 pushed then popped",
    libs: ["decorum", "flatqueue", "mnemonist", "heap-js", "@datastructures-js", "js-sdsl"],
    peers: ["mnemonist", "heap-js", "@datastructures-js", "js-sdsl"],
    target: 1.3,
    also: ["flatqueue", 0.9],
  },
  "deque-growing": {
    title: "Deque growing to 1e6 (push), then drained (shift)",
    libs: ["decorum", "js-sdsl", "denque", "doubling ring"],
    peers: ["js-sdsl"],
    target: 1.0,
  },
  "deque-steady": {
    title: "Deque at a steady length of 1e3: 3e6 × (push + shift)",
    libs: ["decorum", "decorum maxlen 1024", "mnemonist FixedDeque", "mnemonist CircularBuffer", "js-sdsl", "denque"],
    peers: ["mnemonist FixedDeque", "mnemonist CircularBuffer"],
    target: 1.0,
    // the peers are 1024-slot buffers that never grow (CircularBuffer overwrites its oldest item when
    // full: Python's deque(maxlen=1024)), so the target compares decorum with the same bound
    subject: "decorum maxlen 1024",
  },
  "lru-zipf": {
    title: "LRU (capacity 1e4) on 1e6 Zipf keys over 1e5: get, set on miss",
    libs: ["decorum", "mnemonist LRUMap", "lru-cache"],
    peers: ["mnemonist LRUMap"],
    target: 1.0,
  },
  "sorted-insert": {
    title: "Sorted inserts: 1e5 distinct keys in random order",
    libs: ["decorum", "sorted-btree", "js-sdsl OrderedSet", "Array.splice"],
    peers: ["sorted-btree"],
    target: 1.3,
  },
  "rank-queries": {
    title: "Rank queries (bisectLeft) on 1e5 sorted keys: 1e6 queries",
    libs: ["decorum", "js-sdsl OrderedSet", "flat-array bisect (limit)"],
    peers: ["js-sdsl OrderedSet"],
    target: 3.0,
    wrong: { "js-sdsl OrderedSet": "lowerBound(x).index is off by one for a few queries (checked against the flat-array bisect)" },
  },
  counter: {
    title: "Counter: 1e6 Zipf words over 1e4, then the 10 most common",
    libs: ["decorum", "mnemonist MultiSet", "Map + sort"],
    peers: ["mnemonist MultiSet"],
    target: 1.1,
  },
  "top-k": {
    title: "Top 100 of a 1e6 stream: peek() + replace() on a size-100 heap",
    libs: ["decorum", "mnemonist", "heap-js", "flatqueue"],
    peers: ["mnemonist", "heap-js", "flatqueue"],
    target: 1.0,
  },
  "heapify-pops": {
    title: "heapify an owned array of 1e6 numbers, then 1e3 pops",
    libs: ["decorum", "decorum Heap.from", "js-sdsl", "mnemonist"],
    peers: ["js-sdsl", "mnemonist"],
    target: 1.0,
  },
  "deque-mixed": {
    title: "Deque at about 1e4: 2e6 random push / unshift / pop / shift / at(i), 20% each",
    libs: ["decorum", "mnemonist FixedDeque", "denque", "js-sdsl"],
    peers: ["mnemonist FixedDeque", "denque", "js-sdsl"],
    target: 1.0,
  },
  "lru-strings": {
    title: 'LRU (capacity 1e4) on 1e6 Zipf string keys "key:<id>" over 1e5: get, set on miss',
    libs: ["decorum", "mnemonist LRUMap", "lru-cache"],
    peers: ["mnemonist LRUMap", "lru-cache"],
    target: 1.0,
  },
};

interface Measured {
  /** Best CPU time of a run. */
  ms: number;
  /** Best wall time of a run. */
  wallMs?: number;
  ops: number;
  checksum: unknown;
  extra?: Record<string, unknown>;
}

function measure(workload: string, lib: string): Measured {
  const r = spawnSync(process.execPath, [runner, workload, lib], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${workload} / ${lib} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string) as Measured;
}

const filter = process.argv[2] ?? "";
/** Processes per (workload, library) pair; the best one counts. */
const ROUNDS = 5;
const targets: Record<string, unknown> = {};
let missed = 0;
for (const [workload, spec] of Object.entries(specs)) {
  if (!workload.includes(filter)) continue;
  // Five rounds, libraries interleaved, best of all: load from other jobs on the machine
  // hits every contestant alike instead of whoever happened to run during a spike. Five
  // rather than three because one process's JIT outcome is bimodal on the shortest rows:
  // a process can keep, for all its runs, loop code V8 compiled on stack (OSR) before the
  // rest of the workload had run (top-k: ~2.3 ms instead of ~0.95 ms per run, for any
  // library whose calls never invalidate that code), or fall back to the interpreter for
  // several runs after a "wrong call target" deopt (deque-growing, both js-sdsl and
  // decorum). Measured, about half the processes of such a row stick; the best of five
  // finds every contestant's settled speed in all but a few percent of runs.
  const measured = new Map<string, Measured>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const lib of spec.libs) {
      const m = measure(workload, lib);
      const prev = measured.get(lib);
      if (prev === undefined || m.ms < prev.ms) measured.set(lib, m);
    }
  }
  const base = measured.get("decorum") as Measured;
  for (const [lib, m] of measured) {
    if (JSON.stringify(m.checksum) === JSON.stringify(base.checksum)) continue;
    const why = spec.wrong?.[lib];
    if (why === undefined)
      throw new Error(
        `${workload}: checksum of ${lib} (${JSON.stringify(m.checksum)}) differs from decorum (${JSON.stringify(base.checksum)})`,
      );
    console.log(`  note: ${lib} returns a different checksum (${JSON.stringify(m.checksum)} vs ${JSON.stringify(base.checksum)}): ${why}`);
  }
  const rows: Row[] = spec.libs.map((name) => {
    const m = measured.get(name) as Measured;
    const ns = (m.ms * 1e6) / m.ops;
    return {
      name,
      nsPerUnit: ns,
      opsPerSec: 1e9 / ns,
      timeRatio: m.ms / base.ms,
      speedup: base.ms / m.ms,
      p50NsPerCall: m.ms * 1e6,
      samples: 1,
    };
  });
  const group: GroupResult = { group: `${workload}: ${spec.title}`, baseline: "decorum", unit: "op", rows };
  printGroup(group);
  const extras = Object.fromEntries([...measured].filter(([, m]) => m.extra).map(([lib, m]) => [lib, m.extra]));
  if (Object.keys(extras).length) console.log(`  ${JSON.stringify(extras)}`);
  const speed = (lib: string) => 1e3 / (measured.get(lib) as Measured).ms;
  const best = spec.peers.reduce((a, b) => (speed(a) >= speed(b) ? a : b));
  const subject = spec.subject ?? "decorum";
  const ratio = speed(subject) / speed(best);
  const ok = ratio >= spec.target;
  const entry: Record<string, unknown> = { ratio: Number(ratio.toFixed(2)), vs: best, target: spec.target, met: ok };
  if (subject !== "decorum") {
    entry.subject = subject;
    entry["decorum (unbounded) ratio"] = Number((speed("decorum") / speed(best)).toFixed(2));
  }
  if (spec.also) {
    const [lib, min] = spec.also;
    const r2 = speed(subject) / speed(lib);
    entry[`vs ${lib}`] = Number(r2.toFixed(2));
    entry[`target vs ${lib}`] = min;
    entry.met = ok && r2 >= min;
  }
  if (workload === "pq-ties") {
    const breaks = (base.extra?.fifoBreaks as number) ?? -1;
    entry.fifoBreaks = breaks;
    entry.met = entry.met === true && breaks === 0;
  }
  if (!entry.met) missed++;
  targets[workload] = entry;
  note(`${workload} (raw)`, {
    ...Object.fromEntries(rows.map((r) => [`${r.name} M ops/s`, Number((r.opsPerSec / 1e6).toFixed(2))])),
    ...Object.fromEntries(Object.entries(extras).map(([k, v]) => [`${k} extra`, v])),
  });
}
note("collections targets (decorum speed ÷ best named peer)", targets);
console.log(`\n${missed === 0 ? "all targets met" : `${missed} target(s) missed`}`);
save(filter ? `collections-${filter}` : "collections");
