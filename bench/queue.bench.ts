/**
 * decorum/bullmq against raw BullMQ, on the same throwaway redis-server
 * (started here, like the tests do):
 *
 * 1. Throughput: 10,000 small model jobs (`scale(Point, k)` → Point),
 *    submitted at once, until every result has arrived at the caller.
 *    decorum: `QueuePool.submit` + `serveQueue` (wire text, validated on
 *    both sides). Raw: `Queue.add` with plain JSON data, a BullMQ `Worker`
 *    and hand-written class rebuilding on both sides, results matched by
 *    job id from `QueueEvents` exactly as the pool does. Each side has one
 *    worker process (concurrency 50). Rounds interleave the two and the
 *    medians are compared (load from other processes drifts over a run).
 * 2. Latency: one job at a time, submit → result, p50 of each; the
 *    difference is what decorum adds per job.
 *
 * Every round checks its checksum (sum of the result coordinates).
 * Run: `node scripts/build.mjs && node scripts/bench.mjs queue`.
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { Queue, QueueEvents } from "bullmq";
import { fromPlain, toPlain } from "decorum";
import { QueuePool } from "decorum/bullmq";
import { note, save } from "./lib.js";
import { Point } from "./processes/model.js";
import { RawPoint } from "./queue/raw-point.js";
import type * as Tasks from "./queue/tasks.js";

type RedisHelper = typeof import("../test/support/redis-server.mjs");
const { startRedis, redisServerBinary } = (await import(
  new URL("../../test/support/redis-server.mjs", import.meta.url).href
)) as RedisHelper;

const JOBS = Number(process.env.QUEUE_JOBS ?? 10_000);
const ROUNDS = Number(process.env.QUEUE_ROUNDS ?? 3);
const LATENCY_JOBS = 300;
const CONCURRENCY = 50;

if (redisServerBinary() === undefined) {
  console.log("queue bench: SKIPPED, no redis-server (apt-get install redis-server, or set DECORUM_REDIS_SERVER)");
  process.exit(0);
}
const redis = await startRedis();

function startWorker(mode: "decorum" | "raw", queue: string): Promise<ChildProcess> {
  const child = fork(new URL("./queue/worker.js", import.meta.url), [mode, queue, redis.url, String(CONCURRENCY)], {
    execArgv: [],
  });
  return once(child, "message").then(() => child);
}

/** The raw contestant's client: plain JSON data, results matched by job id from QueueEvents, classes rebuilt by hand. */
class RawClient {
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly pending = new Map<string, { resolve(p: RawPoint): void; reject(e: Error): void }>();
  next = 1;
  constructor(name: string) {
    this.queue = new Queue(name, { connection: { url: redis.url }, streams: { events: { maxLen: 100_000 } } });
    this.events = new QueueEvents(name, { connection: { url: redis.url } });
    this.events.on("completed", ({ jobId, returnvalue }) => {
      const p = this.pending.get(jobId);
      if (p === undefined) return;
      this.pending.delete(jobId);
      p.resolve(RawPoint.from(returnvalue));
    });
    this.events.on("failed", ({ jobId, failedReason }) => {
      const p = this.pending.get(jobId);
      this.pending.delete(jobId);
      p?.reject(new Error(failedReason));
    });
  }
  async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
    await new Promise((r) => setTimeout(r, 200)); // let the events reader start
  }
  submit(p: RawPoint, k: number): Promise<RawPoint> {
    const jobId = `raw.${this.next++}`;
    const result = new Promise<RawPoint>((resolve, reject) => this.pending.set(jobId, { resolve, reject }));
    this.queue
      .add("scale", { p: { x: p.x, y: p.y }, k }, { jobId, removeOnComplete: true, removeOnFail: { count: 1000 } })
      .catch((e: Error) => this.pending.get(jobId)?.reject(e));
    return result;
  }
  close(): Promise<unknown> {
    return Promise.all([this.events.close(), this.queue.close()]);
  }
}

const workers = await Promise.all([startWorker("decorum", "bench-decorum"), startWorker("raw", "bench-raw")]);
const pool = new QueuePool<typeof Tasks>("bench-decorum", { connection: redis.url });
await pool.ready();
const raw = new RawClient("bench-raw");
await raw.ready();

const points = Array.from({ length: JOBS }, (_, i) => new Point(i % 1000, -(i % 7)));
const rawPoints = points.map((p) => new RawPoint(p.x, p.y));
const expectedSum = points.reduce((s, p) => s + 3 * (p.x + p.y), 0);
const sum = (ps: { x: number; y: number }[]) => ps.reduce((s, p) => s + p.x + p.y, 0);

const contestants: Record<string, (n: number) => Promise<number>> = {
  "raw BullMQ (JSON + hand-written rebuilding)": async (n) => {
    const out = await Promise.all(rawPoints.slice(0, n).map((p) => raw.submit(p, 3)));
    if (!out.every((p) => p instanceof RawPoint)) throw new Error("raw: not RawPoint instances");
    return sum(out);
  },
  "decorum QueuePool + serveQueue": async (n) => {
    const out = await Promise.all(points.slice(0, n).map((p) => pool.submit("scale", p, 3)));
    if (!out.every((p) => p instanceof Point)) throw new Error("decorum: not Point instances");
    return sum(out);
  },
};
const names = Object.keys(contestants);

// Warm-up (JIT, connections, scripts loaded) and checksum check.
for (const name of names) {
  const got = await (contestants[name] as (n: number) => Promise<number>)(JOBS);
  if (got !== expectedSum) throw new Error(`${name}: checksum ${got}, expected ${expectedSum}`);
}

const rates = new Map<string, number[]>(names.map((n) => [n, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(r + k) % names.length] as string;
    const started = performance.now();
    const got = await (contestants[name] as (n: number) => Promise<number>)(JOBS);
    const ms = performance.now() - started;
    if (got !== expectedSum) throw new Error(`${name}: checksum ${got}, expected ${expectedSum}`);
    (rates.get(name) as number[]).push((JOBS * 1000) / ms);
    console.log(`  round ${r + 1}: ${name}: ${JOBS} jobs in ${ms.toFixed(0)} ms`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const rawRate = median(rates.get(names[0] as string) as number[]);
const decorumRate = median(rates.get(names[1] as string) as number[]);
note(`queue: ${JOBS} Point jobs submit → result, one worker process each (concurrency ${CONCURRENCY}), median of ${ROUNDS}`, {
  "raw BullMQ: jobs per second": Math.round(rawRate),
  "decorum: jobs per second": Math.round(decorumRate),
  "decorum throughput vs raw (target ≥ 0.9)": decorumRate / rawRate,
});

// Latency: one job at a time, the two contestants alternating job by job (so drifting load hits both alike).
const p = new Point(3, 4);
const rp = new RawPoint(3, 4);
const rawLat: number[] = [];
const decLat: number[] = [];
for (let i = -20; i < LATENCY_JOBS; i++) {
  let started = performance.now();
  await raw.submit(rp, 2);
  if (i >= 0) rawLat.push(performance.now() - started);
  started = performance.now();
  await pool.submit("scale", p, 2);
  if (i >= 0) decLat.push(performance.now() - started);
}
rawLat.sort((a, b) => a - b);
decLat.sort((a, b) => a - b);
const p50 = (xs: number[]) => xs[xs.length >> 1] as number;
note(`queue: latency of one job at a time (${LATENCY_JOBS} jobs each)`, {
  "raw BullMQ p50 ms": p50(rawLat),
  "decorum p50 ms": p50(decLat),
  "added by decorum, p50 ms": p50(decLat) - p50(rawLat),
});

// What decorum's side of a job costs in CPU, without Redis: arguments encoded (caller) and decoded
// (worker), result encoded (worker) and decoded (caller); against the raw side's hand-written work.
function perJobMicros(work: () => unknown, n = 20_000): number {
  for (let i = 0; i < 2000; i++) work();
  const started = performance.now();
  for (let i = 0; i < n; i++) work();
  return ((performance.now() - started) * 1000) / n;
}
const decorumCodec = perJobMicros(() => {
  const args = fromPlain(toPlain([p, 2])) as [Point, number];
  return fromPlain(toPlain(new Point(args[0].x * args[1], args[0].y * args[1])));
});
const rawCodec = perJobMicros(() => {
  const data = { p: { x: rp.x, y: rp.y }, k: 2 };
  const q = RawPoint.from(data.p);
  const r = new RawPoint(q.x * data.k, q.y * data.k);
  return RawPoint.from({ x: r.x, y: r.y });
});
note("queue: codec work per job, in process (both sides together)", {
  "decorum µs per job": decorumCodec,
  "raw hand-written µs per job": rawCodec,
  "added by decorum, µs per job": decorumCodec - rawCodec,
});

save("queue");
await Promise.all([pool.close(), raw.close()]);
for (const w of workers) w.disconnect();
redis.stop();
