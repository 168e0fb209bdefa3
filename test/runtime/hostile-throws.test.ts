import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SerializeError, ValidationError, WorkerError } from "../../src/errors.js";
import { ProcessPool, type WorkerExit } from "../../src/runtime/index.js";
import { errorToPayload, MAX_PAYLOAD, payloadToError } from "../../src/runtime/node/remote-error.js";
import { liveChildren, until } from "../fixtures/runtime/children.js";
import { kinds, make } from "../fixtures/runtime/hostile-tasks.mjs";

const module = new URL("../fixtures/runtime/hostile-tasks.mjs", import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), "decorum-hostile-"));
const pools: ProcessPool[] = [];
function newPool(options: Partial<ConstructorParameters<typeof ProcessPool>[0]> = {}): ProcessPool {
  const pool = new ProcessPool({ module, workers: 1, stdio: "ignore", ...options });
  pools.push(pool);
  return pool;
}

afterAll(async () => {
  await Promise.all(pools.map((p) => p.terminate()));
  rmSync(scratch, { recursive: true, force: true });
  await until(() => liveChildren().length === 0, "every worker to be reaped");
});

describe("errorToPayload (the worker's error encoder)", () => {
  it.each(kinds as string[])("never throws and yields JSON for a thrown %s", (kind) => {
    const payload = errorToPayload(make(kind));
    expect(typeof payload.name).toBe("string");
    expect(typeof payload.message).toBe("string");
    const text = JSON.stringify(payload);
    expect(text.length).toBeLessThanOrEqual(MAX_PAYLOAD);
    const back = payloadToError(JSON.parse(text), 1);
    expect(back).toBeInstanceOf(Error);
  });

  it("describes non-errors by what they are", () => {
    expect(errorToPayload(Object.create(null)).message).toBe("non-error thrown: an object with a null prototype");
    expect(errorToPayload(Symbol("boom")).message).toBe("non-error thrown: Symbol(boom)");
    expect(errorToPayload(12n).message).toBe("non-error thrown: 12n");
    expect(errorToPayload("plain").message).toBe("non-error thrown: plain");
    expect(errorToPayload(make("proxy")).message).toBe("non-error thrown: a Proxy (its traps throw)");
  });

  it("keeps a bounded cause chain and stops at cycles", () => {
    const cycle = errorToPayload(make("error-cause-cycle"));
    expect(cycle.message).toBe("a");
    expect(cycle.cause?.message).toBe("b");
    expect(cycle.cause?.cause).toBeUndefined();
    let depth = 0;
    for (let p = errorToPayload(make("error-deep-cause")).cause; p; p = p.cause) depth++;
    expect(depth).toBe(8);
    const rebuilt = payloadToError(errorToPayload(new TypeError("outer", { cause: new RangeError("inner") })), 7);
    expect(rebuilt.cause).toMatchObject({ name: "RangeError", message: "inner" });
  });

  it("rebuilds an error from a malformed payload instead of throwing", () => {
    const odd = payloadToError({ name: 5, message: {}, stack: 3, issues: "x", cause: "y" } as never, 1);
    expect(odd).toBeInstanceOf(Error);
    expect(odd.name).toBe("Error");
    const invalid = payloadToError({ name: "ValidationError", message: "m", issues: [null] } as never, 1);
    expect(invalid).toBeInstanceOf(Error);
  });
});

describe("ProcessPool: any thrown value crosses as the task's error", () => {
  it.each(["throwKind", "rejectKind"])("%s: every hostile value rejects its task; the worker lives on", async (task) => {
    const pool = newPool();
    const exits: WorkerExit[] = [];
    pool.on("exit", (e: WorkerExit) => exits.push(e));
    const pid = await pool.submit("pid");
    for (const kind of kinds as string[]) {
      const error = await pool.submit(task, kind).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, kind).toBeInstanceOf(Error);
      expect(error, kind).not.toBeInstanceOf(WorkerError);
    }
    expect(exits).toEqual([]);
    expect(await pool.submit("pid")).toBe(pid);
    await pool.shutdown();
  });

  it("carries what can be said: the description, the name, the cause", async () => {
    const pool = newPool();
    await expect(pool.submit("throwKind", "null-prototype")).rejects.toThrow("non-error thrown: an object with a null prototype");
    await expect(pool.submit("throwKind", "symbol")).rejects.toThrow("non-error thrown: Symbol(boom)");
    await expect(pool.submit("throwKind", "bigint")).rejects.toThrow("non-error thrown: 12345678901234567890n");
    const named = await pool.submit("throwKind", "error-name-getter-throws").catch((e: Error) => e);
    expect(named).toMatchObject({ name: "Error", message: "plain message" });
    const caused = await pool.submit("throwKind", "error-null-prototype-cause").catch((e: Error) => e);
    expect(caused).toMatchObject({ name: "TypeError", message: "outer" });
    expect((caused as Error).cause).toMatchObject({ message: "non-error thrown: an object with a null prototype" });
    const huge = await pool.submit("throwKind", "error-huge-message").catch((e: Error) => e);
    expect((huge as Error).message).toMatch(/^x+… \(\d+ more characters\)$/);
    await pool.shutdown();
  });

  it("keeps an enormous error within the payload budget: the class crosses, the worker lives on", async () => {
    // The parent reads at most maxMessageBytes + 2 MiB per call: the error must fit in that room.
    const pool = newPool({ maxMessageBytes: 65536 });
    const exits: WorkerExit[] = [];
    pool.on("exit", (e: WorkerExit) => exits.push(e));
    const small = await pool.submit("manyIssues", 3, 10).catch((e: Error) => e);
    expect(small).toBeInstanceOf(ValidationError);
    expect((small as ValidationError).issues).toHaveLength(3);
    expect((small as Error).cause).toBeInstanceOf(ValidationError);
    // 5,000 issues of 10 KiB each, twice: about 100 MB if sent whole.
    const huge = await pool.submit("manyIssues", 5000, 10_000).catch((e: Error) => e);
    expect(huge).toBeInstanceOf(ValidationError);
    expect((huge as ValidationError).issues.length).toBeGreaterThan(0);
    expect((huge as ValidationError).issues.length).toBeLessThanOrEqual(10);
    expect(exits).toEqual([]);
    await pool.shutdown();
  });

  it("does not run a task that threw again, even with retries", async () => {
    const pool = newPool({ retries: 3 });
    const file = join(scratch, "runs");
    for (const kind of ["null-prototype", "proxy", "error-cause-cycle"]) {
      await expect(pool.submit("throwCounted", kind, file)).rejects.not.toBeInstanceOf(WorkerError);
    }
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(3);
    await pool.shutdown();
  });

  it("reports a task module that throws a null-prototype object while loading as a load error", async () => {
    const pool = new ProcessPool({ module: new URL("../fixtures/runtime/hostile-load.mjs", import.meta.url), workers: 1, stdio: "ignore" });
    pools.push(pool);
    const error = await pool.submit("anything").catch((e: WorkerError) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({ reason: "load" });
    expect((error as Error).message).toMatch(/non-error thrown: an object with a null prototype/);
  });
});

describe("ProcessPool: maxMessageBytes", () => {
  it("refuses a result larger than the limit with a SerializeError; the worker goes on", async () => {
    const pool = newPool({ maxMessageBytes: 4096 });
    const exits: WorkerExit[] = [];
    pool.on("exit", (e: WorkerExit) => exits.push(e));
    expect(await pool.submit("big", 4094)).toHaveLength(4094);
    const error = await pool.submit("big", 4095).catch((e: Error) => e);
    expect(error).toBeInstanceOf(SerializeError);
    expect((error as Error).message).toMatch(/the result of task "big" is 4097 bytes of JSON, more than maxMessageBytes \(4096\)/);
    expect(await pool.submit("big", 3)).toBe("xxx");
    expect(exits).toEqual([]);
    await pool.shutdown();
  });

  it("kills a worker that writes a line that is not JSON on its message pipe; the parent and the pool live on", async () => {
    const pool = newPool({ workers: 1 });
    const first = await pool.submit("pid");
    const error = await pool.submit("garbage").catch((e: WorkerError) => e);
    expect(error).toBeInstanceOf(WorkerError);
    // Killed, or gone on its own once the parent closed its pipe: either way a crash of that task.
    expect(error).toMatchObject({ reason: "crashed" });
    expect((error as Error).message).toMatch(/sent a line that is not JSON \(garbage\) and was stopped/);
    const second = await pool.submit("pid");
    expect(second).not.toBe(first);
    await pool.shutdown();
  });

  it("kills a worker that sends a result message of the wrong shape; the parent lives on", async () => {
    const pool = newPool({ workers: 1 });
    const error = await pool.submit("malformed").catch((e: WorkerError) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect((error as Error).message).toMatch(/sent a malformed result message and was stopped/);
    expect(await pool.submit("big", 2)).toBe("xx");
    await pool.shutdown();
  });

  it("kills a worker that sends a never-ending message: the parent buffers a bounded amount", async () => {
    const pool = newPool({ workers: 1, maxMessageBytes: 64 * 1024 });
    const error = await pool.submit("flood").catch((e: WorkerError) => e);
    expect(error).toBeInstanceOf(WorkerError);
    const bytes = Number(/sent more than (\d+) bytes without the end of a message/.exec((error as Error).message)?.[1]);
    // One call: maxMessageBytes, room for an error payload, and a little framing.
    expect(bytes).toBe(64 * 1024 + 2 * 1024 * 1024 + 4096);
    expect(await pool.submit("big", 10)).toBe("xxxxxxxxxx");
    await pool.shutdown();
  });

  it("defaults to 64 MiB and checks its option", () => {
    expect(() => newPool({ maxMessageBytes: 0 })).toThrow(RangeError);
    expect(() => newPool({ maxMessageBytes: Number.NaN })).toThrow(/maxMessageBytes must be an integer >= 1024 or Infinity/);
    expect(() => newPool({ maxMessageBytes: Number.POSITIVE_INFINITY })).not.toThrow();
  });
});
