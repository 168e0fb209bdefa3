/**
 * The shared benchmark harness. Every `bench/*.bench.ts` file builds one or
 * more comparison groups with {@link compare}; each contestant returns a
 * checksum, and all contestants of a group must agree on it before anything
 * is timed, so a fast wrong answer cannot win. Timing is mitata's `measure`
 * (warm-up, adaptive sample count, p50/avg per iteration). Results print as a
 * ratio table against the group's baseline and are saved with {@link save}
 * to `bench/results/<file>.json`; `npm run bench` merges them into
 * `bench/results/latest.json`.
 */
import { writeFileSync } from "node:fs";
import { measure } from "mitata";

/** One contestant: does one unit of work and returns a checksum of its result. */
export type Contestant = () => unknown;

export interface CompareOptions {
  /** The contestant the ratios are relative to (default: the first one). */
  baseline?: string;
  /** Units of work per call (e.g. 1000 orders), to report per-unit time and ops/s. */
  unitsPerCall?: number;
  /** What a unit is called in the table ("op", "order", "message"). */
  unit?: string;
  /**
   * Checks one contestant's checksum against the baseline's. Default: strict
   * equality after JSON.stringify.
   */
  agree?: (baseline: unknown, other: unknown) => boolean;
  /** Contestants expected to produce a different result (reported, not compared). */
  exemptFromChecksum?: readonly string[];
}

export interface Row {
  name: string;
  nsPerUnit: number;
  opsPerSec: number;
  /** Time relative to the baseline: < 1 is faster. */
  timeRatio: number;
  /** Throughput relative to the baseline: > 1 is faster. */
  speedup: number;
  p50NsPerCall: number;
  samples: number;
}

export interface GroupResult {
  group: string;
  baseline: string;
  unit: string;
  rows: Row[];
}

const results: GroupResult[] = [];

function sameJson(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)) ===
    JSON.stringify(b, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))
  );
}

/**
 * Times every contestant and prints a table of ratios against the baseline.
 * Throws if any contestant's checksum disagrees with the baseline's.
 */
export async function compare(group: string, contestants: Record<string, Contestant>, options: CompareOptions = {}): Promise<GroupResult> {
  const names = Object.keys(contestants);
  const baseline = options.baseline ?? names[0];
  if (baseline === undefined || !(baseline in contestants)) throw new Error(`${group}: unknown baseline ${String(baseline)}`);
  const agree = options.agree ?? sameJson;
  const expected = (contestants[baseline] as Contestant)();
  for (const name of names) {
    if (name === baseline || options.exemptFromChecksum?.includes(name)) continue;
    const got = (contestants[name] as Contestant)();
    if (!agree(expected, got)) {
      throw new Error(
        `${group}: checksum of "${name}" (${JSON.stringify(got)?.slice(0, 200)}) differs from "${baseline}" (${JSON.stringify(expected)?.slice(0, 200)})`,
      );
    }
  }
  const units = options.unitsPerCall ?? 1;
  const measured = new Map<string, { avg: number; p50: number; samples: number }>();
  for (const name of names) {
    const fn = contestants[name] as Contestant;
    const stats = await measure(fn);
    measured.set(name, { avg: stats.avg, p50: stats.p50, samples: stats.samples.length });
  }
  const base = (measured.get(baseline) as { avg: number }).avg;
  const rows: Row[] = names.map((name) => {
    const m = measured.get(name) as { avg: number; p50: number; samples: number };
    return {
      name,
      nsPerUnit: m.avg / units,
      opsPerSec: 1e9 / (m.avg / units),
      timeRatio: m.avg / base,
      speedup: base / m.avg,
      p50NsPerCall: m.p50,
      samples: m.samples,
    };
  });
  const result: GroupResult = { group, baseline, unit: options.unit ?? "op", rows };
  results.push(result);
  printGroup(result);
  return result;
}

function fmtTime(ns: number): string {
  if (ns < 1e3) return `${ns.toFixed(1)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${(ns / 1e6).toFixed(2)} ms`;
}

function fmtOps(ops: number): string {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)} M/s`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)} k/s`;
  return `${ops.toFixed(0)} /s`;
}

/** Prints one group as a table. */
export function printGroup(result: GroupResult): void {
  console.log(`\n${result.group}  (ratios vs ${result.baseline}; per ${result.unit})`);
  const width = Math.max(...result.rows.map((r) => r.name.length), 10);
  console.log(
    `  ${"contestant".padEnd(width)}  ${"time".padStart(10)}  ${"throughput".padStart(11)}  ${"time ×".padStart(7)}  ${"speed ×".padStart(7)}`,
  );
  for (const r of result.rows) {
    console.log(
      `  ${r.name.padEnd(width)}  ${fmtTime(r.nsPerUnit).padStart(10)}  ${fmtOps(r.opsPerSec).padStart(11)}  ${r.timeRatio.toFixed(2).padStart(7)}  ${r.speedup.toFixed(2).padStart(7)}`,
    );
  }
}

/** Records a free-form measurement (memory, counts, derived ratios) in the saved results. */
export function note(group: string, values: Record<string, unknown>): void {
  results.push({ group, baseline: "", unit: "", rows: [] });
  (results[results.length - 1] as GroupResult & { values?: unknown }).values = values;
  console.log(`\n${group}`);
  for (const [k, v] of Object.entries(values))
    console.log(`  ${k}: ${typeof v === "number" ? Number(v.toPrecision(4)) : JSON.stringify(v)}`);
}

/** Saves this file's results to bench/results/<name>.json. */
export function save(name: string): void {
  writeFileSync(
    new URL(`../../bench/results/${name}.json`, import.meta.url),
    `${JSON.stringify({ name, node: process.version, date: new Date().toISOString(), results }, null, 2)}\n`,
  );
}

/**
 * Runs {@link compare} `rounds` times and returns (and prints, and saves
 * with {@link note}) each contestant's best round by p50 time per call: on a
 * shared machine a busy moment or a few collections inside one round do not
 * move a median of the best round.
 */
export async function bestOf(
  rounds: number,
  group: string,
  contestants: Record<string, Contestant>,
  options: CompareOptions = {},
): Promise<GroupResult> {
  const runs: GroupResult[] = [];
  for (let r = 1; r <= rounds; r++) runs.push(await compare(`${group} — round ${r}/${rounds}`, contestants, options));
  const first = runs[0] as GroupResult;
  const units = options.unitsPerCall ?? 1;
  const rows = first.rows.map((row) => {
    const best = Math.min(
      ...runs.map((run) => (run.rows.find((x) => x.name === row.name)?.p50NsPerCall ?? Number.POSITIVE_INFINITY) / units),
    );
    return { ...row, nsPerUnit: best, opsPerSec: 1e9 / best };
  });
  const base = rows.find((r) => r.name === first.baseline)?.nsPerUnit ?? Number.NaN;
  for (const r of rows) {
    r.timeRatio = r.nsPerUnit / base;
    r.speedup = base / r.nsPerUnit;
  }
  const best: GroupResult = { group: `${group} — best p50 of ${rounds} rounds`, baseline: first.baseline, unit: first.unit, rows };
  printGroup(best);
  note(
    best.group,
    Object.fromEntries(rows.map((r) => [r.name, `${(r.nsPerUnit / 1e3).toFixed(2)} µs/${best.unit}, time × ${r.timeRatio.toFixed(2)}`])),
  );
  return best;
}

/**
 * Times the contestants of one group interleaved: `rounds` rounds, each
 * running every contestant (in a rotated order) for one slice of about
 * `sliceMs`, and keeps each contestant's fastest slice. On a shared machine
 * the load moves within seconds; measuring contestants one after another
 * (mitata's way, fine on a quiet machine) then compares one contestant's
 * quiet moment with another's busy one, while interleaved slices give every
 * contestant the same chances. Checksums are compared with the baseline's
 * first, as `compare` does.
 */
export function interleaved(
  group: string,
  contestants: Record<string, Contestant>,
  options: CompareOptions & { baseline: string; agree: (a: unknown, b: unknown) => boolean },
  rounds: number,
  sliceMs: number,
): GroupResult {
  const names = Object.keys(contestants);
  const expected = (contestants[options.baseline] as Contestant)();
  for (const name of names) {
    if (name !== options.baseline && !options.agree(expected, (contestants[name] as Contestant)()))
      throw new Error(`${group}: the result of "${name}" differs from "${options.baseline}"`);
  }
  const units = options.unitsPerCall ?? 1;
  // Calibrate: calls per slice, after a warm-up of at least 3 calls / 200 ms per contestant.
  const perSlice = new Map<string, number>();
  for (const name of names) {
    const fn = contestants[name] as Contestant;
    let calls = 0;
    const t0 = performance.now();
    while (calls < 3 || performance.now() - t0 < 200) {
      fn();
      calls++;
    }
    const t1 = performance.now();
    const tail = Math.max(1, Math.min(20, Math.floor(calls / 2)));
    for (let i = 0; i < tail; i++) fn();
    const each = (performance.now() - t1) / tail;
    perSlice.set(name, Math.max(1, Math.round(sliceMs / Math.max(each, 1e-6))));
  }
  const best = new Map<string, number>(names.map((n) => [n, Number.POSITIVE_INFINITY]));
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + r) % names.length] as string;
      const fn = contestants[name] as Contestant;
      const k = perSlice.get(name) as number;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < k; i++) fn();
      const ns = Number(process.hrtime.bigint() - t0) / k;
      if (ns < (best.get(name) as number)) best.set(name, ns);
    }
  }
  const base = (best.get(options.baseline) as number) / units;
  const rows: Row[] = names.map((name) => {
    const per = (best.get(name) as number) / units;
    return {
      name,
      nsPerUnit: per,
      opsPerSec: 1e9 / per,
      timeRatio: per / base,
      speedup: base / per,
      p50NsPerCall: best.get(name) as number,
      samples: rounds,
    };
  });
  const result: GroupResult = {
    group: `${group} — fastest of ${rounds} interleaved slices`,
    baseline: options.baseline,
    unit: options.unit ?? "op",
    rows,
  };
  printGroup(result);
  note(
    result.group,
    Object.fromEntries(rows.map((r) => [r.name, `${(r.nsPerUnit / 1e3).toFixed(3)} µs/${result.unit}, time × ${r.timeRatio.toFixed(2)}`])),
  );
  return result;
}
