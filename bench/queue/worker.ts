/**
 * A queue worker process of the queue benchmark. argv: mode ("decorum" or
 * "raw"), queue name, Redis URL, concurrency. "decorum" serves the task
 * module with serveQueue; "raw" is a BullMQ Worker with JSON payloads and
 * hand-written class rebuilding.
 */
import { Worker } from "bullmq";
import { serveQueue } from "decorum/bullmq";
import { RawPoint } from "./raw-point.js";

const [mode, queue, url, concurrency] = process.argv.slice(2) as [string, string, string, string];
if (mode === "decorum") {
  await serveQueue(queue, new URL("./tasks.js", import.meta.url), { connection: url, concurrency: Number(concurrency) });
} else {
  const worker = new Worker(
    queue,
    async (job) => {
      const p = RawPoint.from(job.data.p);
      const k = job.data.k as number;
      const r = new RawPoint(p.x * k, p.y * k);
      return { x: r.x, y: r.y };
    },
    { connection: { url }, concurrency: Number(concurrency) },
  );
  await worker.waitUntilReady();
}
process.send?.("ready");
process.on("disconnect", () => process.exit(0));
