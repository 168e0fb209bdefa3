/**
 * Argument guards of the runtime constructors: a bad argument is a
 * TypeError naming the class and the parameter or option, thrown before
 * anything starts (no process is spawned, no port is touched).
 */
import { MessageChannel } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import {
  ActorScheduler,
  Channel,
  HandoffServer,
  IoScheduler,
  PriorityScheduler,
  ProcessPool,
  pipe,
  TaskScheduler,
} from "../../src/runtime/index.js";

function expectTypeError(f: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TypeError);
  expect((error as Error).message).toMatch(message);
}

const bad = 5 as never;

describe("Channel arguments", () => {
  it("rejects a missing or wrong endpoint with the endpoint TypeError", () => {
    for (const endpoint of [undefined, null, 5, "port"]) {
      expectTypeError(
        () => new Channel(endpoint as never),
        /^Channel: the endpoint must be a ChildProcess, process, a MessagePort or a Worker \(got .+\)$/,
      );
    }
    expectTypeError(() => new Channel(undefined as never), /\(got undefined\)$/);
  });

  it("pipe() rejects options that are not an object", () => {
    expectTypeError(() => pipe(bad), /^pipe: options must be an object or undefined \(got 5\)$/);
    const [a, b] = pipe(undefined);
    a.close();
    b.close();
  });

  it("rejects options that are not an object", () => {
    const { port1, port2 } = new MessageChannel();
    try {
      expectTypeError(() => new Channel(port1, bad), /^Channel: options must be an object or undefined \(got 5\)$/);
      expectTypeError(() => new Channel(port1, null as never), /^Channel: options must be an object or undefined \(got null\)$/);
      const ok = new Channel(port1, undefined);
      expect(ok.name).toBe("default");
      ok.close();
    } finally {
      port1.close();
      port2.close();
    }
  });
});

describe("ProcessPool and HandoffServer options", () => {
  it("require an options object", () => {
    expectTypeError(
      () => new ProcessPool(undefined as never),
      /^ProcessPool: the options object is required, with at least the module \(got undefined\); e\.g\. new ProcessPool\(\{ module: /,
    );
    expectTypeError(() => new ProcessPool(bad), /^ProcessPool: the options object is required.*\(got 5\)/);
    expectTypeError(
      () => new HandoffServer(undefined as never),
      /^HandoffServer: the options object is required, with at least the module \(got undefined\)/,
    );
    expectTypeError(() => new HandoffServer(null as never), /^HandoffServer: the options object is required.*\(got null\)/);
  });

  it("require the module option (a path or a URL)", () => {
    expectTypeError(
      () => new ProcessPool({} as never),
      /^ProcessPool: the module option is required: a path or file: URL .*\(got undefined\)/,
    );
    expectTypeError(() => new ProcessPool({ module: "" }), /^ProcessPool: the module option is required.*\(got ""\)/);
    expectTypeError(() => new ProcessPool({ module: 5 as never, workers: 1 }), /^ProcessPool: the module option is required.*\(got 5\)/);
    expectTypeError(
      () => new HandoffServer({} as never),
      /^HandoffServer: the module option is required: a path or file: URL .*\(got undefined\)/,
    );
    expectTypeError(() => new HandoffServer({ module: {} as never }), /^HandoffServer: the module option is required.*\(got object\)/);
  });

  it("still accept a path or a URL (nothing starts before use)", () => {
    const pool = new ProcessPool({ module: "./tasks.js", workers: 1 });
    expect(pool.module).toMatch(/^file:.*\/tasks\.js$/);
    const server = new HandoffServer({ module: new URL("file:///srv/serve.js"), workers: 1 });
    expect(server.module).toBe("file:///srv/serve.js");
  });

  it("take an endpoint { port, host }, refusing anything else before a worker starts", async () => {
    const server = new HandoffServer({ module: new URL("file:///srv/serve.js"), workers: 1 });
    await expect(server.listen("8080" as never)).rejects.toThrow(
      /^HandoffServer\.listen: the endpoint must be \{ port\?, host\? \} \(got "8080"\)$/,
    );
    expect(server.workers).toEqual([]);
    const sched = new IoScheduler();
    expectTypeError(() => sched.connect(null as never), /^IoScheduler\.connect: the endpoint must be \{ port, host\? \} \(got null\)$/);
  });
});

describe("scheduler options", () => {
  it("must be an object or undefined", () => {
    expectTypeError(() => new TaskScheduler(bad), /^TaskScheduler: options must be an object or undefined \(got 5\)$/);
    expectTypeError(() => new IoScheduler(bad), /^IoScheduler: options must be an object or undefined \(got 5\)$/);
    expectTypeError(() => new ActorScheduler(bad), /^ActorScheduler: options must be an object or undefined \(got 5\)$/);
    expectTypeError(
      () => new PriorityScheduler(bad),
      /^PriorityScheduler: the first argument must be a server function or an options object \(got 5\)$/,
    );
    expectTypeError(
      () => new PriorityScheduler((r: number) => r, bad),
      /^PriorityScheduler: options \(the second argument\) must be an object or undefined \(got 5\)$/,
    );
    expect(new PriorityScheduler(undefined).order).toBe("max");
    expect(new PriorityScheduler((r: number) => r, { order: "min" }).order).toBe("min");
    expect(new TaskScheduler(undefined).size).toBe(0);
  });

  it("hooks must be functions", () => {
    expectTypeError(() => new TaskScheduler({ onYield: 1 as never }), /^TaskScheduler: the onYield option must be a function \(got 1\)$/);
    expectTypeError(() => new IoScheduler({ onExit: "log" as never }), /^IoScheduler: the onExit option must be a function \(got "log"\)$/);
    expectTypeError(
      () => new PriorityScheduler({ onError: true as never }),
      /^PriorityScheduler: the onError option must be a function \(got true\)$/,
    );
    expectTypeError(
      () => new ActorScheduler({ onUndeliverable: {} as never }),
      /^ActorScheduler: the onUndeliverable option must be a function \(got object\)$/,
    );
  });
});
