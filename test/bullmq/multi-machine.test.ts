/**
 * Several machines, simulated: one client (this process) and three worker
 * processes serving one queue on a real Redis. 2,000 jobs with model
 * arguments; one worker is SIGKILLed while it holds jobs. Every job's
 * result arrives exactly once and equals what a local ProcessPool computes
 * for the same input. The workers run with a short lock duration and stall
 * interval so the killed worker's jobs are picked up within seconds.
 */
import { QueueEvents } from "bullmq";
import { afterAll, describe, expect, inject, it } from "vitest";
import { QueuePool } from "../../src/bullmq/index.js";
import { ProcessPool } from "../../src/runtime/index.js";
import { type QueueWorkerProcess, startQueueWorker } from "../fixtures/bullmq/workers.js";
import { until } from "../fixtures/runtime/children.js";
import { Point } from "../fixtures/runtime/models.js";

type Tasks = typeof import("../fixtures/runtime/tasks.mjs");
const url = inject("redisUrl");
const QUEUE = "decorum-test-machines";
const JOBS = 2000;
const cleanup: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  await Promise.all(cleanup.map((c) => c()));
});

describe("one client, three worker machines, one killed mid-run", () => {
  it("delivers every job's result exactly once, equal to the local ProcessPool's", async () => {
    const inputs = Array.from({ length: JOBS }, (_, i) => [new Point(i % 97, -(i % 13)), 1 + (i % 5)] as const);

    const local = new ProcessPool<Tasks>({ module: new URL("../fixtures/runtime/tasks.mjs", import.meta.url), workers: 2 });
    cleanup.push(() => local.terminate());
    const expected = await Promise.all(inputs.map(([p, k]) => local.submit("slowScale", p, k, 0)));
    await local.shutdown();

    const options = { concurrency: 8, lockDuration: 3000, stalledInterval: 1000, maxStalledCount: 10 };
    const workers: QueueWorkerProcess[] = await Promise.all([0, 1, 2].map(() => startQueueWorker(QUEUE, url, options)));
    cleanup.push(() => Promise.all(workers.map((w) => w.stop())));

    // Every completion event the queue publishes, counted per job, next to what the pool hands its callers.
    const events = new QueueEvents(QUEUE, { connection: { url } });
    cleanup.push(() => events.close());
    const completions = new Map<string, number>();
    events.on("completed", ({ jobId }) => completions.set(jobId, (completions.get(jobId) ?? 0) + 1));
    await events.waitUntilReady();

    const pool = new QueuePool<Tasks>(QUEUE, { connection: url });
    cleanup.push(() => pool.close({ wait: false }));
    await pool.ready();
    const deliveries = new Array<number>(JOBS).fill(0);
    let received = 0;
    const results = inputs.map(([p, k], i) =>
      pool.submit("slowScale", p, k, 20).then((value) => {
        deliveries[i] = (deliveries[i] ?? 0) + 1;
        received++;
        return value;
      }),
    );

    const victim = workers[0] as QueueWorkerProcess;
    await until(
      () => received >= JOBS / 5 && victim.active.size > 0,
      "a fifth of the results and jobs running on the first worker",
      60_000,
    );
    victim.child.kill("SIGKILL");
    // Its last reports are still in the IPC pipe: read them all, then what it started and never finished was in flight.
    await victim.gone;
    expect(victim.active.size).toBeGreaterThan(0);

    const got = await Promise.all(results);
    expect(deliveries.every((n) => n === 1)).toBe(true);
    for (let i = 0; i < JOBS; i++) {
      const value = got[i] as Point;
      const want = expected[i] as Point;
      expect(value).toBeInstanceOf(Point);
      expect([value.x, value.y]).toEqual([want.x, want.y]);
    }
    // The killed worker's jobs were found stalled and run again by the survivors. Which jobs it held when it
    // died is known to Redis, not to its reports: a starved worker may have finished a job in Redis (and
    // fetched the next one with it) without having reported either, so its last "active" reports can name
    // jobs it finished and miss the one it held. A survivor's stall checker names the held ones: its lock
    // expired, so it was the dead worker's (the survivors renew theirs).
    const survivors = workers.slice(1);
    const stalled = () => [...new Set(survivors.flatMap((w) => w.stalled))];
    await until(() => stalled().length > 0, "a survivor to find a job of the killed worker stalled", 10_000);
    // (The survivors report over IPC, which may trail the results that came through Redis.)
    await until(
      () => stalled().every((id) => survivors.some((w) => w.completed.includes(id))),
      "the survivors to report running every stalled job again",
      10_000,
    );
    // None of them had been finished by the killed worker (a job run to completion twice would show here).
    expect(stalled().filter((id) => victim.completed.includes(id))).toEqual([]);
    // BullMQ published one completion per job: a job whose worker died never completes twice.
    await until(() => completions.size >= JOBS, "every completion event", 10_000);
    expect([...completions.values()].every((n) => n === 1)).toBe(true);
    expect(pool.pending).toBe(0);
  });
});
