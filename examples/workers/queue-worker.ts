/**
 * A queue worker: serves the queue "shapes" with the same task module the
 * ProcessPool example runs. Start as many as you like, on any machine that
 * reaches the Redis server:
 *
 *   node workers/queue-worker.js redis://10.0.0.5:6379
 *
 * (or, without writing this file: `npx decorum-worker --queue shapes --redis redis://10.0.0.5:6379 workers/tasks.js`).
 */
import { serveQueue } from "decorum/bullmq";

const url = process.argv[2] ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const server = await serveQueue("shapes", new URL("./tasks.js", import.meta.url), { connection: url, concurrency: 4 });
console.log(`  worker ${process.pid}: serving "shapes" with ${server.tasks.join(", ")}`);
process.send?.("ready");
process.on("SIGTERM", async () => {
  await server.close(); // finishes the running jobs first
  process.exit(0);
});
