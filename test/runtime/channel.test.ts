import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { MessageChannel, Worker } from "node:worker_threads";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { DeserializeError, SerializeError, WorkerError } from "../../src/errors.js";
import { Channel, pipe } from "../../src/runtime/index.js";
import { liveChildren, until } from "../fixtures/runtime/children.js";
import { Point, Secret } from "../fixtures/runtime/models.js";

const fixture = (name: string) => new URL(`../fixtures/runtime/${name}`, import.meta.url);
const TAG = "$ch";

interface Reply {
  isPoint?: boolean;
  doubled?: Point | null;
  error?: string;
  message?: string;
}

const forked: ChildProcess[] = [];
function forkChild(): ChildProcess {
  const child = fork(fixture("channel-child.mjs"), [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  forked.push(child);
  return child;
}

afterAll(async () => {
  for (const child of forked) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await until(() => liveChildren().length === 0, "every child process to be reaped");
});

describe("pipe()", () => {
  it("reports a codec that throws a non-error (null prototype, Proxy) as a DeserializeError, never a crash", async () => {
    const trap = () => {
      throw Object.create(null);
    };
    const thrown = [Object.create(null), new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap }), Symbol("s")];
    let k = 0;
    const codec = {
      toPlain: (value: unknown) => value,
      fromPlain: (plain: unknown) => {
        if (plain === "bad") throw thrown[k++ % thrown.length];
        return plain;
      },
    };
    const [a, b] = pipe<string>({ registry: codec });
    const errors: Error[] = [];
    b.on("error", (e) => errors.push(e));
    for (const m of ["bad", "bad", "bad", "good"]) a.send(m);
    expect(await b.receive()).toBe("good");
    expect(errors.map((e) => e.constructor.name)).toEqual(["DeserializeError", "DeserializeError", "DeserializeError"]);
    expect(errors.map((e) => (e as DeserializeError).issues[0]?.message)).toEqual([
      "cannot decode message: an object with a null prototype",
      "cannot decode message: a Proxy (its traps throw)",
      "cannot decode message: Symbol(s)",
    ]);
    a.close();
  });

  it("delivers a registered model as an instance of its class, both ways", async () => {
    const [left, right] = pipe<Point>();
    left.send(new Point(1, 2));
    const atRight = await right.receive();
    expect(atRight).toBeInstanceOf(Point);
    expect([atRight.x, atRight.y, atRight.norm1()]).toEqual([1, 2, 3]);
    right.send(new Point(3, 4));
    const atLeft = await left.receive();
    expect(atLeft).toBeInstanceOf(Point);
    expect(atLeft.norm1()).toBe(7);
    left.close();
  });

  it("round-trips any point and plain value unchanged, in order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.tuple(fc.nat(), fc.integer()), fc.string(), fc.dictionary(fc.string(), fc.integer())), { maxLength: 20 }),
        async (items) => {
          const [a, b] = pipe<unknown>();
          const sent = items.map((i) => (Array.isArray(i) ? new Point(i[0], i[1]) : i));
          for (const m of sent) a.send(m);
          a.close();
          const got: unknown[] = [];
          for await (const m of b) got.push(m);
          expect(got).toEqual(sent);
          got.forEach((g, k) => {
            expect(g instanceof Point).toBe(sent[k] instanceof Point);
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it("ends the other side's iteration on close and rejects a later receive", async () => {
    const [a, b] = pipe<number>();
    a.send(1);
    a.send(2);
    let sawClose = false;
    b.on("close", () => {
      sawClose = true;
    });
    a.close();
    const got: number[] = [];
    for await (const n of b) got.push(n);
    expect(got).toEqual([1, 2]);
    expect(sawClose).toBe(true);
    expect(b.closed).toBe(true);
    await expect(b.receive()).rejects.toBeInstanceOf(WorkerError);
    expect(() => a.send(3)).toThrow(WorkerError);
  });

  it("delivers to message listeners instead of the queue when there are any", async () => {
    const [a, b] = pipe<number>();
    a.send(1);
    // Queued before the listener existed: handed to it as soon as it is added.
    await new Promise((r) => setTimeout(r, 20));
    const heard: number[] = [];
    b.on("message", (n) => heard.push(n));
    a.send(2);
    await until(() => heard.length === 2, "two messages");
    expect(heard).toEqual([1, 2]);
    a.close();
  });

  it("refuses to send a value the registry cannot encode, and sends nothing", async () => {
    const [a, b] = pipe<unknown>();
    expect(() => a.send({ f: () => 1 })).toThrow(SerializeError);
    a.send("after");
    expect(await b.receive()).toBe("after");
    a.close();
  });
});

describe("Channel over a MessagePort", () => {
  it("reports an invalid message as a DeserializeError event with the path, and keeps receiving", async () => {
    const { port1, port2 } = new MessageChannel();
    const channel = new Channel<never, Point>(port1);
    const errors: Error[] = [];
    channel.on("error", (e) => errors.push(e));
    port2.postMessage({ [TAG]: "default", m: { $type: "test.runtime.Point", x: -5, y: 1 } });
    port2.postMessage({ [TAG]: "default", m: { $type: "no.such.Type" } });
    port2.postMessage({ unrelated: true });
    port2.postMessage({ [TAG]: "default", m: { $type: "test.runtime.Point", x: 5, y: 1 } });
    const good = await channel.receive();
    expect(good).toBeInstanceOf(Point);
    expect(good.x).toBe(5);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(DeserializeError);
    expect((errors[0] as DeserializeError).issues[0]?.path).toEqual(["x"]);
    expect(errors[0]?.message).toMatch(/x/);
    expect(errors[1]).toBeInstanceOf(DeserializeError);
    expect(errors[1]?.message).toMatch(/no\.such\.Type/);
    channel.close();
    port2.close();
  });

  it("rejects a message of another class than the expected one", async () => {
    const { port1, port2 } = new MessageChannel();
    const sender = new Channel<unknown>(port2);
    const receiver = new Channel<never, Point>(port1, { expect: Point });
    const errors: Error[] = [];
    receiver.on("error", (e) => errors.push(e));
    sender.send(new Secret("s"));
    sender.send(new Point(1, 1));
    expect(await receiver.receive()).toBeInstanceOf(Point);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DeserializeError);
    sender.close();
  });

  it("emits a process warning when nobody listens for errors", async () => {
    const { port1, port2 } = new MessageChannel();
    const channel = new Channel<never, Point>(port1);
    const warned = once(process, "warning");
    port2.postMessage({ [TAG]: "default", m: { $type: "test.runtime.Point", x: -1, y: 0 } });
    const [warning] = (await warned) as [Error];
    expect(warning.name).toBe("DeserializeError");
    channel.close();
  });

  it("keeps channels with different names apart on one port", async () => {
    const { port1, port2 } = new MessageChannel();
    const a1 = new Channel<string>(port1, { name: "a" });
    const b1 = new Channel<string>(port1, { name: "b" });
    const a2 = new Channel<string>(port2, { name: "a" });
    const b2 = new Channel<string>(port2, { name: "b" });
    a1.send("for a");
    b1.send("for b");
    expect(await b2.receive()).toBe("for b");
    expect(await a2.receive()).toBe("for a");
    for (const c of [a1, b1, a2, b2]) c.close();
  });

  it("coalesces the messages of one tick into one port message, delivering each in order", async () => {
    const { port1, port2 } = new MessageChannel();
    const sender = new Channel<Point>(port2);
    const receiver = new Channel<never, Point>(port1);
    let portMessages = 0;
    port1.on("message", () => portMessages++);
    const N = 1300; // more than one batch (512)
    for (let i = 0; i < N; i++) sender.send(new Point(i, -i));
    const got: Point[] = [];
    for (let i = 0; i < N; i++) got.push(await receiver.receive());
    expect(got.every((p) => p instanceof Point)).toBe(true);
    expect(got.map((p) => p.x)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(portMessages).toBe(3); // 512 + 512 + 276
    sender.close();
  });

  it("never changes a message after handing it to a transport that holds on to it (single sends and batches, any tick pattern)", async () => {
    // An IPC-like endpoint that keeps the envelopes it is given and delivers
    // them later (as Node queues IPC messages behind a handle in flight).
    const { EventEmitter } = await import("node:events");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }), async (ticks) => {
        const held: unknown[] = [];
        const out = Object.assign(new EventEmitter(), {
          connected: true,
          send(message: unknown, callback?: (error: Error | null) => void) {
            held.push(message);
            callback?.(null);
            return true;
          },
        });
        const inbound = Object.assign(new EventEmitter(), { connected: true, send: () => true });
        const sender = new Channel<Point>(out as unknown as ChildProcess);
        const receiver = new Channel<never, Point>(inbound as unknown as ChildProcess);
        const got: number[] = [];
        receiver.on("message", (p) => got.push(p.x));
        let n = 0;
        for (const count of ticks) {
          for (let i = 0; i < count; i++) sender.send(new Point(n++, 0));
          await null; // the end of the tick: the channel writes what it holds
        }
        for (const m of held) inbound.emit("message", m);
        expect(got).toEqual(Array.from({ length: n }, (_, i) => i));
        sender.close();
        receiver.close();
      }),
    );
  });

  it("reports each invalid message of a batch on its own and delivers the others", async () => {
    const { port1, port2 } = new MessageChannel();
    const receiver = new Channel<never, Point>(port1);
    const errors: DeserializeError[] = [];
    receiver.on("error", (e) => errors.push(e as DeserializeError));
    port2.postMessage({
      [TAG]: "default",
      b: [
        { $type: "test.runtime.Point", x: 1, y: 1 },
        { $type: "test.runtime.Point", x: -1, y: 0 },
        { $type: "no.such.Type" },
        { $type: "test.runtime.Point", x: 2, y: 2 },
      ],
    });
    expect((await receiver.receive()).x).toBe(1);
    expect((await receiver.receive()).x).toBe(2);
    expect(errors.map((e) => e.issues[0]?.path)).toEqual([["x"], ["$type"]]);
    receiver.close();
    port2.close();
  });

  it("sends what was sent before close(), then closes the other side", async () => {
    const [a, b] = pipe<string>();
    a.send("first");
    a.send("second");
    a.close();
    const got: string[] = [];
    for await (const m of b) got.push(m);
    expect(got).toEqual(["first", "second"]);
    expect(b.closed).toBe(true);
  });

  it("rejects an endpoint that is not one", () => {
    expect(() => new Channel({} as never)).toThrow(TypeError);
  });
});

describe("Channel over child-process IPC", () => {
  it("carries instances to a child process and back", async () => {
    const child = forkChild();
    const channel = new Channel<Point | string, Reply>(child);
    channel.send(new Point(2, 3));
    const reply = await channel.receive();
    expect(reply.isPoint).toBe(true);
    expect(reply.doubled).toBeInstanceOf(Point);
    expect(reply.doubled?.norm1()).toBe(10);
    channel.send("bye");
    for await (const _ of channel) {
      // drain until the child closes its end
    }
    expect(channel.closed).toBe(true);
    await once(child, "exit");
  });

  it("carries a burst of messages sent in one tick to a child process, in order", async () => {
    const child = forkChild();
    const channel = new Channel<Point | string, Reply>(child);
    for (let i = 0; i < 600; i++) channel.send(new Point(i, 1));
    const xs: number[] = [];
    for (let i = 0; i < 600; i++) {
      const reply = await channel.receive();
      expect(reply.doubled).toBeInstanceOf(Point);
      xs.push((reply.doubled as Point).x / 2);
    }
    expect(xs).toEqual(Array.from({ length: 600 }, (_, i) => i));
    channel.send("bye");
    await once(child, "exit");
    expect(child.exitCode).toBe(0);
  });

  it("reports an invalid payload to the receiving side as a DeserializeError, never a crash", async () => {
    const child = forkChild();
    const channel = new Channel<Point | string, Reply>(child);
    child.send({ [TAG]: "default", m: { $type: "test.runtime.Point", x: -7, y: 0 } });
    const report = await channel.receive();
    expect(report.error).toBe("DeserializeError");
    expect(report.message).toMatch(/x/);
    channel.send(new Point(1, 1));
    expect((await channel.receive()).isPoint).toBe(true);
    channel.send("bye");
    await once(child, "exit");
    expect(child.exitCode).toBe(0);
  });

  it("reports messages still pending when the connection goes away in the same tick as a WorkerError", async () => {
    const child = forkChild();
    await once(child, "spawn");
    const channel = new Channel<Point, Reply>(child);
    const errors: Error[] = [];
    channel.on("error", (e) => errors.push(e));
    channel.send(new Point(1, 1));
    child.disconnect();
    await null;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(WorkerError);
    expect((errors[0] as WorkerError).reason).toBe("closed");
    await once(child, "exit");
  });

  it("closes when the child process goes away", async () => {
    const child = forkChild();
    const channel = new Channel<Point, Reply>(child);
    const closed = new Promise<void>((resolve) => channel.on("close", resolve));
    child.kill("SIGKILL");
    await closed;
    expect(() => channel.send(new Point(0, 0))).toThrow(WorkerError);
  });
});

/**
 * An IPC endpoint that fails its writes the way Node's `send` does: the
 * error goes to the callback when one is given, else it is emitted as
 * `"error"` on the endpoint, both on a `process.nextTick`.
 */
async function failingEndpoint() {
  const { EventEmitter } = await import("node:events");
  const ep = Object.assign(new EventEmitter(), {
    connected: true,
    fail: false,
    sent: [] as unknown[],
    send(message: unknown, callback?: (error: Error | null) => void) {
      if (!ep.fail) {
        ep.sent.push(message);
        if (callback) process.nextTick(callback, null);
        return true;
      }
      const ex = Object.assign(new Error("write EPIPE"), { code: "EPIPE", errno: -32, syscall: "write" });
      if (callback) process.nextTick(callback, ex);
      else process.nextTick(() => ep.emit("error", ex));
      return true;
    },
  });
  return ep;
}

describe("Channel: failed writes on a process endpoint", () => {
  it("reports a failed write as an error event of the channel, never a crash", async () => {
    const ep = await failingEndpoint();
    const channel = new Channel<Point>(ep as unknown as ChildProcess);
    const errors: Error[] = [];
    channel.on("error", (e) => errors.push(e));
    ep.fail = true;
    channel.send(new Point(1, 1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors.map((e) => (e as Error & { code?: string }).code)).toEqual(["EPIPE"]);
    channel.close();
  });

  it("reports a write that fails in the tick the channel closes, and never crashes on it", async () => {
    const ep = await failingEndpoint();
    const channel = new Channel<Point>(ep as unknown as ChildProcess);
    const errors: Error[] = [];
    channel.on("error", (e) => errors.push(e));
    ep.fail = true;
    channel.send(new Point(1, 1));
    channel.close(); // writes the pending message (it fails), then the closing notice (its failure is not reported)
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors.map((e) => (e as Error & { code?: string }).code)).toEqual(["EPIPE"]);
    expect(ep.listenerCount("error")).toBe(0);
  });

  it("reports a failed raw send of the application on a shared endpoint instead of crashing", async () => {
    const ep = await failingEndpoint();
    const channel = new Channel<Point>(ep as unknown as ChildProcess);
    const errors: Error[] = [];
    channel.on("error", (e) => errors.push(e));
    ep.fail = true;
    ep.send({ raw: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toHaveLength(1);
    channel.close();
  });

  it("leaves other endpoint errors as they were: thrown when nobody else listens, the application's own otherwise", async () => {
    const ep = await failingEndpoint();
    const a = new Channel<Point>(ep as unknown as ChildProcess);
    const b = new Channel<Point>(ep as unknown as ChildProcess, { name: "other" });
    const errors: Error[] = [];
    a.on("error", (e) => errors.push(e));
    b.on("error", (e) => errors.push(e));
    const spawnFailure = Object.assign(new Error("spawn ENOENT"), { code: "ENOENT", syscall: "spawn" });
    expect(() => ep.emit("error", spawnFailure)).toThrow(spawnFailure);
    const seen: unknown[] = [];
    ep.on("error", (e) => seen.push(e));
    expect(ep.emit("error", spawnFailure)).toBe(true);
    expect(seen).toEqual([spawnFailure]);
    expect(errors).toEqual([]);
    a.close();
    b.close();
  });
});

describe("Channel over worker_threads", () => {
  it("carries instances to a worker thread through parentPort and back", async () => {
    const worker = new Worker(fixture("channel-thread.mjs"));
    const channel = new Channel<Point | string, Reply>(worker);
    channel.send(new Point(4, 1));
    const reply = await channel.receive();
    expect(reply.isPoint).toBe(true);
    expect(reply.doubled).toBeInstanceOf(Point);
    expect([reply.doubled?.x, reply.doubled?.y]).toEqual([8, 2]);
    channel.send("bye");
    const [code] = await once(worker, "exit");
    expect(code).toBe(0);
  });

  it("carries instances over a transferred MessagePort and reports invalid ones", async () => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(fixture("channel-thread.mjs"), { workerData: { port: port2 }, transferList: [port2] });
    const channel = new Channel<Point | string, Reply>(port1);
    port1.postMessage({ [TAG]: "default", m: { $type: "test.runtime.Point", x: -1, y: 0 } });
    expect((await channel.receive()).error).toBe("DeserializeError");
    channel.send(new Point(0, 5));
    const reply = await channel.receive();
    expect(reply.doubled).toBeInstanceOf(Point);
    expect(reply.doubled?.y).toBe(10);
    channel.send("bye");
    await once(worker, "exit");
    expect(channel.closed).toBe(true);
  });
});

describe("cleanup", () => {
  it("leaves no child process behind", async () => {
    await until(() => liveChildren().length === 0, "every child process to be reaped");
    expect(liveChildren()).toEqual([]);
  });
});
