import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { DeserializeError, SerializeError, WorkerError } from "../../src/errors.js";
import { ProcessPool, type WorkerExit } from "../../src/runtime/index.js";
import { liveChildren, until } from "../fixtures/runtime/children.js";
import { Point, Secret } from "../fixtures/runtime/models.js";

const tasks = new URL("../fixtures/runtime/tasks.mjs", import.meta.url);
type Tasks = typeof import("../fixtures/runtime/tasks.mjs");
const scratch = mkdtempSync(join(tmpdir(), "decorum-pool-"));

const pools: ProcessPool<Tasks>[] = [];
function newPool(options: Partial<ConstructorParameters<typeof ProcessPool>[0]> = {}): ProcessPool<Tasks> {
  const pool = new ProcessPool<Tasks>({ module: tasks, workers: 2, ...options });
  pools.push(pool);
  return pool;
}

afterAll(async () => {
  await Promise.all(pools.map((p) => p.terminate()));
  rmSync(scratch, { recursive: true, force: true });
  await until(() => liveChildren().length === 0, "every worker to be reaped");
});

describe("ProcessPool", () => {
  it("runs tasks in worker processes and carries models both ways as instances", async () => {
    const pool = newPool();
    const scaled = await pool.submit("scale", new Point(1, 2), 3);
    expect(scaled).toBeInstanceOf(Point);
    expect([scaled.x, scaled.y]).toEqual([3, 6]);
    const seen = await pool.submit("describe", new Point(3, -4));
    expect(seen.isPoint).toBe(true);
    expect(seen.norm1).toBe(7);
    expect(seen.pid).not.toBe(process.pid);
    expect(pool.pids).toContain(seen.pid);
    await pool.shutdown();
    expect(pool.pids).toEqual([]);
  });

  it("keeps input order in map whatever order the tasks finish in", async () => {
    const pool = newPool({ workers: 2 });
    const delays = [60, 5, 40, 0, 20, 10, 30, 0];
    const results = await Promise.all(delays.map((ms, i) => pool.submit("sleep", ms, i)));
    expect(results).toEqual(delays.map((_, i) => i));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        async (xs, chunkSize) => {
          expect(await pool.map("square", xs, { chunkSize })).toEqual(xs.map((x) => x * x));
        },
      ),
      { numRuns: 25 },
    );
    await pool.shutdown();
  });

  it("rejects with the task's own error: name, message, code and the remote stack", async () => {
    const pool = newPool({ workers: 1 });
    const error = await pool.submit("fail", "too far").catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "RangeError", message: "too far", code: "E_TASK" });
    expect((error as Error).stack).toMatch(/--- in worker \d+ ---[\s\S]*tasks\.mjs/);
    await expect(pool.submit("nope" as never)).rejects.toThrow(/has no function "nope" \(functions: .*square/);
    expect(await pool.submit("square", 9)).toBe(81);
    await pool.shutdown();
  });

  it("rebuilds JavaScript's own error classes and the cause chain of a task's error", async () => {
    const pool = newPool({ workers: 1 });
    const range = await pool.submit("fail", "too far").catch((e: Error) => e);
    expect(range).toBeInstanceOf(RangeError);
    const error = await pool.submit("failWithCause", "outer").catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "outer", code: "E_OUTER" });
    const cause = (error as Error).cause as Error;
    expect(cause).toBeInstanceOf(RangeError);
    expect(cause.message).toBe("outer: root");
    expect(cause.stack).toMatch(/--- in worker \d+ ---[\s\S]*tasks\.mjs/);
    await pool.shutdown();
  });

  it("reports codec failures per task: unencodable arguments, undecodable arguments, unencodable results", async () => {
    const pool = newPool({ workers: 1 });
    await expect(pool.submit("describe", (() => 1) as never)).rejects.toBeInstanceOf(SerializeError);
    const unknown = await pool.submit("describe", new Secret("x")).catch((e: Error) => e);
    expect(unknown).toBeInstanceOf(DeserializeError);
    expect((unknown as DeserializeError).issues[0]?.path).toEqual([0, "$type"]);
    expect((unknown as Error).message).toMatch(/test\.runtime\.Secret/);
    const result = await pool.submit("unencodable").catch((e: Error) => e);
    expect(result).toBeInstanceOf(SerializeError);
    expect((result as Error).message).toMatch(/callback/);
    expect(await pool.submit("square", 3)).toBe(9);
    await pool.shutdown();
  });

  it("replaces a worker killed mid-task: that task rejects, no other task is lost", async () => {
    const pool = newPool({ workers: 2 });
    await pool.start();
    const exits: WorkerExit[] = [];
    pool.on("exit", (e: WorkerExit) => exits.push(e));
    const doomed = pool.submit("hang");
    const others = Array.from({ length: 30 }, (_, i) => pool.submit("sleep", i % 3, i));
    await until(() => pool.running === 2, "both workers to be busy");
    const before = pool.pids;
    // Kill the worker running "hang": the other one is cycling through short sleeps.
    const victim = await pool.submit("pid").then(
      (pid) => before.find((p) => p !== pid) as number,
      () => before[0] as number,
    );
    process.kill(victim, "SIGKILL");
    const error = await doomed.catch((e: WorkerError) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({ reason: "crashed", pid: victim, signal: "SIGKILL" });
    expect((error as Error).message).toMatch(new RegExp(`worker ${victim} exited \\(signal SIGKILL\\) while running task "hang"`));
    expect(await Promise.all(others)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(exits).toEqual([expect.objectContaining({ pid: victim, signal: "SIGKILL", expected: false })]);
    expect(pool.pids).not.toContain(victim);
    expect(pool.pids).toHaveLength(2);
    await pool.shutdown();
  });

  it("survives a worker that exits, throws an uncaught error, or runs out of memory", async () => {
    const pool = newPool({ workers: 2, stdio: "ignore", execArgv: ["--max-old-space-size=24"] });
    const exit = pool.submit("exit", 3).catch((e: WorkerError) => e);
    const uncaught = pool.submit("uncaught", "late").catch((e: WorkerError) => e);
    const after = Array.from({ length: 6 }, (_, i) => pool.submit("square", i));
    expect(await exit).toMatchObject({ reason: "crashed", exitCode: 3 });
    expect(await uncaught).toMatchObject({ reason: "crashed", exitCode: 1 });
    const oom = await pool.submit("oom").catch((e: WorkerError) => e);
    expect(oom).toBeInstanceOf(WorkerError);
    expect((oom as WorkerError).reason).toBe("crashed");
    expect(await Promise.all(after)).toEqual([0, 1, 4, 9, 16, 25]);
    expect(await pool.submit("square", 12)).toBe(144);
    await pool.shutdown();
  });

  it("runs a crashed task again on a fresh worker when retries allow it", async () => {
    const pool = newPool({ workers: 1, retries: 1, stdio: "ignore" });
    expect(await pool.submit("crashOnce", join(scratch, "once"))).toBe("ran again in another worker");
    const strict = newPool({ workers: 1, retries: 0, stdio: "ignore" });
    await expect(strict.submit("crashOnce", join(scratch, "twice"))).rejects.toMatchObject({ reason: "crashed", exitCode: 70 });
    await Promise.all([pool.shutdown(), strict.shutdown()]);
  });

  it("recycles a worker after maxTasksPerWorker tasks", async () => {
    const pool = newPool({ workers: 1, maxTasksPerWorker: 2 });
    const pids: number[] = [];
    for (let i = 0; i < 4; i++) pids.push(await pool.submit("pid"));
    expect(new Set(pids).size).toBe(2);
    expect(pids[0]).toBe(pids[1]);
    expect(pids[2]).toBe(pids[3]);
    const batch = await Promise.all(Array.from({ length: 3 }, () => pool.submit("pid")));
    expect(new Set(batch).size).toBe(2);
    expect(batch[0]).toBe(batch[1]);
    await pool.shutdown();
  });

  it("drains queued tasks on shutdown, then refuses new ones", async () => {
    const pool = newPool({ workers: 1 });
    const queued = Array.from({ length: 5 }, (_, i) => pool.submit("sleep", 5, i));
    await pool.shutdown({ wait: true });
    expect(await Promise.all(queued)).toEqual([0, 1, 2, 3, 4]);
    expect(pool.pids).toEqual([]);
    await expect(pool.submit("square", 2)).rejects.toMatchObject({ reason: "shutdown" });
  });

  it("cancels tasks that have not started with cancelPending, and aborts running ones with terminate", async () => {
    const pool = newPool({ workers: 1 });
    await pool.start();
    const running = pool.submit("sleep", 100, "done");
    const queued = [pool.submit("square", 1), pool.submit("square", 2)];
    await until(() => pool.running === 1, "the first task to start");
    const shut = pool.shutdown({ cancelPending: true });
    for (const q of queued) await expect(q).rejects.toMatchObject({ reason: "shutdown" });
    expect(await running).toBe("done");
    await shut;
    const other = newPool({ workers: 1 });
    const hanging = other.submit("hang").catch((e: WorkerError) => e);
    await until(() => other.running === 1, "the task to start");
    await other.terminate();
    expect(await hanging).toMatchObject({ reason: "terminated" });
    expect(other.pids).toEqual([]);
  });

  it("reports a task module that cannot load, without respawning forever", async () => {
    const pool = newPool({ module: new URL("../fixtures/runtime/broken-tasks.mjs", import.meta.url), stdio: "ignore" });
    const error = await pool.submit("square" as never, 1).catch((e: WorkerError) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({ reason: "load" });
    expect((error as Error).message).toMatch(/broken on purpose/);
    await expect(pool.submit("square" as never, 2)).rejects.toMatchObject({ reason: "load" });
    await expect(pool.start()).rejects.toMatchObject({ reason: "load" });
    await pool.shutdown();
    expect(pool.pids).toEqual([]);
  });

  it("validates its options", () => {
    expect(() => new ProcessPool({ module: tasks, workers: 0 })).toThrow(RangeError);
    expect(() => new ProcessPool({ module: tasks, maxTasksPerWorker: 0 })).toThrow(RangeError);
    expect(() => new ProcessPool({ module: tasks, retries: -1 })).toThrow(RangeError);
  });

  it("works from the CommonJS build, whose worker entry is found next to it", async () => {
    const script = `const { ProcessPool } = require(${JSON.stringify(new URL("../../dist/cjs/index.node.js", import.meta.url).pathname)});
      const pool = new ProcessPool({ module: ${JSON.stringify(tasks.href)}, workers: 1 });
      pool.map("square", [1, 2, 3]).then(async (r) => { console.log(JSON.stringify(r)); await pool.shutdown(); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { timeout: 15_000 });
    expect(JSON.parse(stdout)).toEqual([1, 4, 9]);
  });

  it("leaves no worker process behind", async () => {
    await Promise.all(pools.map((p) => p.terminate()));
    await until(() => liveChildren().length === 0, "every worker to be reaped");
    expect(liveChildren()).toEqual([]);
  });
});
