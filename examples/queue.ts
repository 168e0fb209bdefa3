/**
 * Beyond one machine: the task module of the ProcessPool example, served
 * first by a `ProcessPool` (one machine) and then by BullMQ workers on
 * Redis (as many machines as you like), with the same calls and the same
 * results. Registered models travel as decorum wire text and arrive as
 * instances, validated; a task's error arrives as itself.
 *
 * Uses $REDIS_URL, or starts a throwaway redis-server for the demo.
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { ProcessPool, ValidationError } from "decorum";
import { QueuePool } from "decorum/bullmq";
import { redisForExample } from "./workers/redis.js";
import { Rect } from "./workers/shapes.js";
import type * as Tasks from "./workers/tasks.js";

const redis = await redisForExample();
if (redis === undefined) {
  console.log("SKIPPED: the queue example needs Redis: set REDIS_URL or install redis-server (apt-get install redis-server).");
  process.exit(process.env.CI === "true" ? 1 : 0);
}

const tasks = new URL("./workers/tasks.js", import.meta.url);
const rects = [new Rect(1, 2), new Rect(3, 3), new Rect(10, 1), new Rect(4, 5)];

// 1. One machine: a process pool over the task module.
console.log("ProcessPool (one machine):");
const pool = new ProcessPool<typeof Tasks>({ module: tasks, workers: 2 });
const localAreas = await pool.map("area", rects);
const localScaled = await pool.submit("scale", new Rect(2, 5), 3);
console.log(`  map("area") -> [${localAreas.join(", ")}]; submit("scale", Rect(2 × 5), 3) -> ${localScaled}`);
await pool.shutdown();

// 2. Several machines: queue workers (separate processes here; anywhere that reaches Redis in production).
console.log(`\nBullMQ on ${redis.url} (two worker processes):`);
const workers: ChildProcess[] = [];
for (let i = 0; i < 2; i++) {
  const worker = fork(new URL("./workers/queue-worker.js", import.meta.url), [redis.url]);
  workers.push(worker);
  await once(worker, "message"); // "ready"
}

const queue = new QueuePool<typeof Tasks>("shapes", { connection: redis.url });
const areas = await queue.map("area", rects, { chunkSize: 2 });
const scaled = await queue.submit("scale", new Rect(2, 5), 3);
console.log(
  `  map("area") -> [${areas.join(", ")}]; submit("scale", Rect(2 × 5), 3) -> ${scaled} (instanceof Rect: ${scaled instanceof Rect})`,
);
const same = JSON.stringify(areas) === JSON.stringify(localAreas) && `${scaled}` === `${localScaled}`;
console.log(`  same results as the ProcessPool: ${same}`);

// A task's error crosses as itself: scaling by -1 breaks Rect's @positive in the worker.
const error = await queue.submit("scale", new Rect(1, 1), -1).catch((e: Error) => e);
console.log(
  `  submit("scale", Rect(1 × 1), -1) -> ${error instanceof ValidationError ? "ValidationError" : error}: ${(error as Error).message}`,
);

await queue.close();
for (const worker of workers) {
  worker.kill("SIGTERM");
  await once(worker, "exit");
}
redis.stop();
if (!same || !(error instanceof ValidationError)) process.exit(1);
