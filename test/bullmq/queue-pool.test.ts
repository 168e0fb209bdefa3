/**
 * decorum/bullmq against a real Redis (started by the project's globalSetup):
 * a QueuePool in this process, queue workers in their own processes serving
 * the ProcessPool test tasks through the built package.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Job, Queue, QueueEvents } from "bullmq";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { QueuePool } from "../../src/bullmq/index.js";
import { type DeserializeError, SerializeError, UnknownTypeError, ValidationError, WorkerError } from "../../src/errors.js";
import { type QueueWorkerProcess, startQueueWorker } from "../fixtures/bullmq/workers.js";
import { Point, Secret } from "../fixtures/runtime/models.js";

type Tasks = typeof import("../fixtures/runtime/tasks.mjs");
const url = inject("redisUrl");
const QUEUE = "decorum-test-main";
const scratch = mkdtempSync(join(tmpdir(), "decorum-queue-"));
const workers: QueueWorkerProcess[] = [];
const closers: (() => Promise<unknown>)[] = [];

function newPool(options: Partial<ConstructorParameters<typeof QueuePool>[1]> = {}, queue = QUEUE): QueuePool<Tasks> {
  const pool = new QueuePool<Tasks>(queue, { connection: url, ...options });
  closers.push(() => pool.close({ wait: false }));
  return pool;
}

beforeAll(async () => {
  workers.push(
    ...(await Promise.all([startQueueWorker(QUEUE, url, { concurrency: 4 }), startQueueWorker(QUEUE, url, { concurrency: 4 })])),
  );
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await Promise.all(workers.map((w) => w.stop()));
  rmSync(scratch, { recursive: true, force: true });
});

describe("QueuePool and queue workers", () => {
  it("runs tasks on the queue's workers and carries models both ways as instances", async () => {
    const pool = newPool();
    const scaled = await pool.submit("scale", new Point(1, 2), 3);
    expect(scaled).toBeInstanceOf(Point);
    expect([scaled.x, scaled.y]).toEqual([3, 6]);
    const seen = await pool.submit("describe", new Point(3, -4));
    expect(seen.isPoint).toBe(true);
    expect(seen.norm1).toBe(7);
    expect(workers.map((w) => w.pid)).toContain(seen.pid);
    expect(pool.pending).toBe(0);
  });

  it("keeps input order in map, chunked or not, like ProcessPool", async () => {
    const pool = newPool();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        async (xs, chunkSize) => {
          expect(await pool.map("square", xs, { chunkSize })).toEqual(xs.map((x) => x * x));
        },
      ),
      { numRuns: 15 },
    );
    const seen = await pool.map("describe", [new Point(1, 1), new Point(2, 0), new Point(0, 5)], { chunkSize: 2 });
    expect(seen.map((s) => [s.isPoint, s.norm1])).toEqual([
      [true, 2],
      [true, 2],
      [true, 5],
    ]);
    await expect(pool.map("square", [1], { chunkSize: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it("rejects with the task's own error: same type, name, message, code, issues and cause", async () => {
    const pool = newPool();
    const error = await pool.submit("fail", "too far").catch((e: Error) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toMatchObject({ name: "RangeError", message: "too far", code: "E_TASK" });

    const invalid = await pool.submit("scale", new Point(1, 1), -1).catch((e: Error) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).issues[0]).toMatchObject({ path: ["x"], code: "nonNegative" });

    const caused = await pool.submit("failWithCause", "outer").catch((e: Error) => e);
    expect(caused).toBeInstanceOf(TypeError);
    expect(caused).toMatchObject({ message: "outer", code: "E_OUTER" });
    expect((caused as Error).cause).toBeInstanceOf(RangeError);
    expect(((caused as Error).cause as Error).message).toBe("outer: root");

    await expect(pool.submit("nope" as never)).rejects.toThrow(/has no function "nope" \(functions: .*square/);
    expect(await pool.submit("square", 9)).toBe(81);
  });

  it("reports codec failures: unencodable arguments here, undecodable arguments there, unencodable results", async () => {
    const pool = newPool();
    await expect(pool.submit("describe", (() => 1) as never)).rejects.toBeInstanceOf(SerializeError);
    const unknown = await pool.submit("describe", new Secret("x")).catch((e: Error) => e);
    expect(unknown).toBeInstanceOf(UnknownTypeError);
    expect((unknown as DeserializeError).issues[0]?.path).toEqual([0, "$type"]);
    expect((unknown as Error).message).toMatch(/test\.runtime\.Secret/);
    const result = await pool.submit("unencodable").catch((e: Error) => e);
    expect(result).toBeInstanceOf(SerializeError);
    expect((result as SerializeError).path).toEqual(["callback"]);
  });

  it("fails a job whose data is not a valid decorum payload with the DeserializeError in failedReason, once, and keeps serving", async () => {
    const queue = new Queue(QUEUE, { connection: { url } });
    const events = new QueueEvents(QUEUE, { connection: { url } });
    closers.push(
      () => queue.close(),
      () => events.close(),
    );
    await events.waitUntilReady();
    await new Promise((r) => setTimeout(r, 100)); // let the events reader start before the jobs are added
    const reasons = async (data: unknown) => {
      const job = (await queue.add("scale", data, { attempts: 3, backoff: { type: "fixed", delay: 1 } })) as Job;
      const error = await job.waitUntilFinished(events).catch((e: Error) => e);
      const stored = await queue.getJob(job.id as string);
      return { reason: JSON.parse((error as Error).message), attemptsMade: stored?.attemptsMade };
    };
    const notWire = await reasons("not an argument list");
    expect(notWire.reason).toMatchObject({ name: "DeserializeError", issues: [{ path: [], code: "job-data" }] });
    expect(notWire.attemptsMade).toBe(1);
    const unknown = await reasons([{ $type: "no.such.Type" }, 2]);
    expect(unknown.reason).toMatchObject({ name: "UnknownTypeError", issues: [{ path: [0, "$type"], code: "unknown-type" }] });
    const failing = await reasons([{ $type: "test.runtime.Point", x: -1, y: 0 }, 2]);
    expect(failing.reason).toMatchObject({ name: "DeserializeError", issues: [{ path: [0, "x"], code: "nonNegative", received: -1 }] });
    expect(failing.attemptsMade).toBe(1);
    const pool = newPool();
    expect(await pool.submit("square", 12)).toBe(144);
  });

  it("passes attempts and backoff through to BullMQ", async () => {
    const retrying = newPool({ jobOptions: { attempts: 3, backoff: { type: "fixed", delay: 5 } } });
    expect(await retrying.submit("flaky", join(scratch, "a"), 2)).toBe(3);
    const once_ = newPool({ jobOptions: { attempts: 2 } });
    await expect(once_.submit("flaky", join(scratch, "b"), 5)).rejects.toThrow(/flaky: call 2 of 5 failing/);
  });

  it("waits for outstanding results on close, then refuses new calls; close({ wait: false }) rejects them", async () => {
    const pool = newPool();
    const pending = pool.submit("sleep", 50, "late");
    await pool.close();
    expect(await pending).toBe("late");
    await expect(pool.submit("square", 2)).rejects.toBeInstanceOf(WorkerError);
    const other = newPool();
    await other.ready();
    const dropped = other.submit("sleep", 200, "dropped").catch((e: Error) => e);
    await other.close({ wait: false });
    expect(await dropped).toMatchObject({ name: "WorkerError", reason: "shutdown" });
  });

  it("checks its arguments", () => {
    expect(() => new QueuePool("", { connection: url })).toThrow(TypeError);
    expect(() => new QueuePool("q", { connection: "http://x" })).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => new QueuePool("q", {} as never)).toThrow(/connection option is required/);
    expect(() => new QueuePool("q", { connection: url, eventsMaxLen: 0 })).toThrow(RangeError);
  });
});

describe("decorum-worker (CLI)", () => {
  const cli = resolve(import.meta.dirname, "../../dist/esm/bullmq/cli.js");
  const tasks = resolve(import.meta.dirname, "../fixtures/runtime/tasks.mjs");

  it("serves a queue with a task module until SIGTERM, then finishes and exits 0", async () => {
    const child = spawn(process.execPath, [cli, "--queue", "decorum-test-cli", "--redis", url, "-c", "2", tasks], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    const serving = new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        if (out.includes("serving")) resolve();
      }),
    );
    await serving;
    expect(out).toMatch(/serving queue "decorum-test-cli" \(concurrency 2\) with .*scale/);
    const pool = newPool({}, "decorum-test-cli");
    expect((await pool.submit("scale", new Point(2, 2), 2)).x).toBe(4);
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    expect((await exited)[0]).toBe(0);
  });

  it("prints its usage and exits 2 without a queue", async () => {
    const child = spawn(process.execPath, [cli, tasks], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c) => (err += c));
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(err).toMatch(/usage: decorum-worker --queue <name>/);
  });
});
