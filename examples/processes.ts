/**
 * The Python recipes' multiprocessing examples — `Pipe` and `concurrent.futures` —
 * done with decorum: a typed channel to a child process that carries
 * registered models as instances, and a process pool whose tasks take and
 * return models, keep `map` order, and survive a crashing worker.
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { Channel, ProcessPool, pipe, WorkerError } from "decorum";
import { Rect } from "./workers/shapes.js";
import type * as Tasks from "./workers/tasks.js";

// 1. Pipe(): two connected ends in one process (over a MessageChannel).
const [left, right] = pipe<Rect>();
left.send(new Rect(2, 3));
const got = await right.receive();
console.log(`pipe(): sent Rect(2 × 3), received ${got} — instanceof Rect: ${got instanceof Rect}`);
left.close();

// 2. A channel to a child process, over its IPC connection.
console.log("\nChannel to a child process:");
const child = fork(new URL("./workers/pipe-child.js", import.meta.url), { stdio: "inherit" });
const channel = new Channel<Rect | "bye", Rect>(child);
for (const rect of [new Rect(1, 1), new Rect(3, 4)]) {
  channel.send(rect);
  const reply = await channel.receive();
  console.log(`  parent: got ${reply} back (instanceof Rect: ${reply instanceof Rect})`);
}
channel.send("bye");
await once(child, "exit");

// 3. A process pool, like concurrent.futures.ProcessPoolExecutor.
console.log("\nProcessPool with 2 workers:");
const pool = new ProcessPool<typeof Tasks>({ module: new URL("./workers/tasks.js", import.meta.url), workers: 2 });
const scaled = await pool.submit("scale", new Rect(2, 5), 3);
console.log(`  submit("scale", Rect(2 × 5), 3) -> ${scaled} (instanceof Rect: ${scaled instanceof Rect})`);
const areas = await pool.map("area", [new Rect(1, 2), new Rect(3, 3), new Rect(10, 1)]);
console.log(`  map("area", ...) -> [${areas.join(", ")}] (input order)`);
const primes = await pool.map("countPrimes", [10_000, 20_000, 30_000, 40_000], { chunkSize: 2 });
console.log(`  map("countPrimes", ...) -> [${primes.join(", ")}]`);

// A worker that dies mid-task: that task rejects, the others still complete.
const crashed = pool.submit("crash").catch((e: WorkerError) => e);
const others = pool.map("area", [new Rect(2, 2), new Rect(4, 4)]);
const error = await crashed;
console.log(`  submit("crash") -> ${error instanceof WorkerError ? `WorkerError (${error.reason}, exit code ${error.exitCode})` : error}`);
console.log(`  tasks submitted alongside it -> [${(await others).join(", ")}]; pool still has ${pool.pids.length} workers`);
await pool.shutdown();
console.log(`  after shutdown: ${pool.pids.length} workers`);
