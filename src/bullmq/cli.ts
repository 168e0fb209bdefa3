#!/usr/bin/env node
/**
 * `decorum-worker`: serves a BullMQ queue with the task functions of a task
 * module, from the command line (the same modules `ProcessPool` runs).
 *
 * ```sh
 * decorum-worker --queue shapes --redis redis://10.0.0.5:6379 --concurrency 4 ./dist/tasks.js
 * ```
 *
 * SIGTERM or SIGINT stops taking jobs, lets the running ones finish and exits.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { formatValue } from "../errors.js";
import { serveQueue } from "./serve-queue.js";

const USAGE = `usage: decorum-worker --queue <name> [options] <tasks-module>

Serves the BullMQ queue <name> with the exported functions of <tasks-module>
(a path or file: URL, the module a ProcessPool would run).

options:
  --queue, -q <name>          the queue to serve (required)
  --redis, -r <url>           Redis URL (default: $REDIS_URL or redis://127.0.0.1:6379)
  --concurrency, -c <n>       jobs run at the same time (default 1)
  --prefix <prefix>           Redis key prefix of the queue (default "bull")
  --lock-duration <ms>        job lock duration (BullMQ default 30000)
  --stalled-interval <ms>     how often stalled jobs are looked for (BullMQ default 30000)
  --max-stalled-count <n>     times a job may stall before it fails (BullMQ default 1)
  --help, -h                  this text`;

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new RangeError(`--${name} must be an integer >= ${min} (got ${formatValue(value)})`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      queue: { type: "string", short: "q" },
      redis: { type: "string", short: "r" },
      concurrency: { type: "string", short: "c" },
      prefix: { type: "string" },
      "lock-duration": { type: "string" },
      "stalled-interval": { type: "string" },
      "max-stalled-count": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const module = positionals[0];
  if (!values.queue || module === undefined || positionals.length > 1) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const options = {
    connection: values.redis ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    concurrency: integer("concurrency", values.concurrency, 1) ?? 1,
    ...(values.prefix === undefined ? {} : { prefix: values.prefix }),
    ...optional("lockDuration", integer("lock-duration", values["lock-duration"], 1)),
    ...optional("stalledInterval", integer("stalled-interval", values["stalled-interval"], 1)),
    ...optional("maxStalledCount", integer("max-stalled-count", values["max-stalled-count"], 0)),
  };
  const server = await serveQueue(values.queue, module, options);
  console.log(
    `decorum-worker ${process.pid}: serving queue "${server.queueName}" (concurrency ${options.concurrency}) with ${server.tasks.join(", ") || "no functions"}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`decorum-worker ${process.pid}: ${signal}, finishing running jobs`);
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`decorum-worker ${process.pid}: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

main().catch((error: Error) => {
  console.error(`decorum-worker: ${error.message}`);
  process.exit(1);
});
