import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SchedulerError, ValidationError } from "../../src/errors.js";
import { ActorScheduler, PriorityScheduler, type Task, TaskScheduler } from "../../src/runtime/index.js";

interface Request {
  client: string;
  priority: number;
}

describe("PriorityScheduler", () => {
  it("serves requests most important first and in arrival order among equals", () => {
    const served: string[] = [];
    const sched = new PriorityScheduler<Request>((req) => {
      served.push(req.client);
      return `done ${req.client}`;
    });
    const reqs: Request[] = [
      { client: "a", priority: 1 },
      { client: "b", priority: 5 },
      { client: "c", priority: 1 },
      { client: "d", priority: 9 },
      { client: "e", priority: 5 },
      { client: "f", priority: 1 },
    ];
    const tasks = reqs.map((r) => sched.submit(r, r.priority));
    expect(sched.pending).toBe(6);
    sched.run();
    expect(served).toEqual(["d", "b", "e", "a", "c", "f"]);
    expect(tasks.map((t) => t.result)).toEqual(["done a", "done b", "done c", "done d", "done e", "done f"]);
  });

  it('serves the smallest number first with order "min"', () => {
    const served: number[] = [];
    const sched = new PriorityScheduler<number>((n) => served.push(n), { order: "min" });
    for (const p of [3, 1, 2, 1, 0]) sched.submit(p, p);
    sched.run();
    expect(served).toEqual([0, 1, 1, 2, 3]);
    expect(sched.order).toBe("min");
  });

  it("lets a multi-step request yield: equal priorities take turns, higher ones go first", () => {
    const log: string[] = [];
    function* server(req: Request) {
      for (let step = 1; step <= 2; step++) {
        log.push(`${req.client}${step}`);
        yield;
      }
      return req.client.toUpperCase();
    }
    const sched = new PriorityScheduler<Request>(server);
    sched.submit({ client: "low", priority: 0 }, 0);
    const x = sched.submit({ client: "x", priority: 5 }, 5);
    sched.submit({ client: "y", priority: 5 }, 5);
    sched.run();
    expect(log).toEqual(["x1", "y1", "x2", "y2", "low1", "low2"]);
    expect(x.result).toBe("X");
  });

  it("serves an urgent request that arrives mid-run before waiting less important ones", () => {
    const log: string[] = [];
    const sched = new PriorityScheduler();
    sched.spawn(
      (function* client() {
        log.push("client sends urgent");
        sched.spawn(
          (function* () {
            log.push("urgent");
            yield* [];
          })(),
          { priority: 10 },
        );
        yield;
        log.push("client done");
      })(),
      { priority: 1 },
    );
    sched.spawn(
      (function* () {
        log.push("routine");
        yield* [];
      })(),
      { priority: 1 },
    );
    sched.run();
    expect(log).toEqual(["client sends urgent", "urgent", "routine", "client done"]);
  });

  it("changes the priority of a waiting task with update (reprioritize is its deprecated alias) and spawns generator functions with a priority", () => {
    const log: string[] = [];
    const sched = new PriorityScheduler();
    function* job(name: string) {
      log.push(name);
      yield;
    }
    sched.spawnWith({ priority: 1 }, job, "a");
    const b = sched.spawnWith({ priority: 0, name: "bee" }, job, "b");
    expect(b.priority).toBe(0);
    expect(sched.update(b, 2)).toBe(true);
    expect(b.priority).toBe(2);
    const c = sched.spawnWith({ priority: 0 }, job, "c");
    expect(sched.reprioritize(c, 3)).toBe(true); // the deprecated alias moves a live task too
    sched.run();
    expect(log).toEqual(["c", "b", "a"]);
    expect(sched.update(b, 3)).toBe(false);
    expect(sched.reprioritize(b, 3)).toBe(false);
  });

  it("isolates a failing request and cancels a queued one", () => {
    const log: string[] = [];
    const sched = new PriorityScheduler<string>((name) => {
      if (name === "bad") throw new Error("bad request");
      log.push(name);
    });
    sched.submit("bad", 3);
    const dropped = sched.submit("dropped", 2);
    sched.submit("ok", 1);
    expect(sched.cancel(dropped)).toBe(true);
    sched.run();
    expect(log).toEqual(["ok"]);
    expect(sched.failures.map((f) => (f.error as Error).message)).toEqual(["bad request"]);
    expect(dropped.state).toBe("cancelled");
    expect(sched.pending).toBe(0);
  });

  it("rejects a bad priority, a bad order and submit without a server", () => {
    expect(() => new PriorityScheduler({ order: "up" as never })).toThrow(RangeError);
    expect(() => new PriorityScheduler({ order: "up" as never })).toThrow('PriorityScheduler: order must be "max" or "min" (got "up")');
    const sched = new PriorityScheduler();
    expect(() => sched.spawn((function* () {})(), { priority: Number.NaN })).toThrow(/priority: must be a number/);
    expect(() => sched.submit(1 as never)).toThrow(SchedulerError);
    expect(() => sched.spawn((() => 1) as never)).toThrow(SchedulerError);
  });

  it("runs the Python recipe's pipeline: server ← scheduler ← priority queue ← client requests", () => {
    // client coroutines submit requests over time; the server answers them most important first
    interface Req {
      client: string;
      what: string;
      priority: number;
    }
    const log: string[] = [];
    function* server(req: Req) {
      log.push(`serve ${req.what}/${req.client}`);
      yield; // a two-step request: others may be served in between
      return `${req.what}: ok`;
    }
    const sched = new PriorityScheduler<Req>(server, { onExit: (t) => t.name === "request" && log.push(`reply ${String(t.result)}`) });
    function* client(name: string, wants: [string, number][]) {
      for (const [what, priority] of wants) {
        log.push(`${name} asks ${what}`);
        sched.submit({ client: name, what, priority }, priority);
        yield; // the client waits a turn before its next request
      }
    }
    // clients are the most important tasks: a request is queued as soon as a client can make it
    sched.spawnWith({ priority: 100, name: "alice" }, client, "alice", [
      ["report", 1],
      ["outage", 9],
    ]);
    sched.spawnWith({ priority: 100, name: "bob" }, client, "bob", [
      ["backup", 0],
      ["login", 5],
    ]);
    sched.run();
    expect(log).toEqual([
      "alice asks report",
      "bob asks backup",
      "alice asks outage",
      "bob asks login",
      "serve outage/alice",
      "reply outage: ok",
      "serve login/bob",
      "reply login: ok",
      "serve report/alice",
      "reply report: ok",
      "serve backup/bob",
      "reply backup: ok",
    ]);
    expect(sched.size).toBe(0);
  });

  it("reproduces examples/schedulers.ts: an urgent request arriving between run() calls overtakes", () => {
    const served: string[] = [];
    const replies: string[] = [];
    function* server(req: { who: string; p: number }) {
      served.push(req.who);
      yield;
      return req.who;
    }
    const sched = new PriorityScheduler<{ who: string; p: number }>(server, { onExit: (t) => replies.push(String(t.result)) });
    for (const [who, p] of [
      ["alice", 1],
      ["bob", 0],
      ["carol", 5],
      ["dave", 1],
      ["erin", 5],
    ] as const)
      sched.submit({ who, p }, p);
    expect(sched.run(3)).toBe(3);
    sched.submit({ who: "ops", p: 9 }, 9);
    sched.run();
    expect(served).toEqual(["carol", "erin", "ops", "alice", "dave", "bob"]);
    expect(replies).toEqual(["carol", "ops", "erin", "alice", "dave", "bob"]);
  });

  it("has the TaskScheduler hooks: onYield answers, onError reports, a task may cancel itself", () => {
    const errors: string[] = [];
    const sched = new PriorityScheduler({
      onYield: (v) => (v as number) + 1,
      onError: (error, task) => errors.push(`${task.name}: ${(error as Error).message}`),
    });
    let answer: unknown;
    sched.spawn(
      (function* asker() {
        answer = yield 41;
      })(),
      { priority: 2 },
    );
    sched.spawn(
      (function* thrower() {
        yield;
        throw new Error("bad");
      })(),
      { priority: 1, name: "thrower" },
    );
    const log: string[] = [];
    const quitter = sched.spawn(
      (function* quitter() {
        try {
          sched.cancel(sched.current as Task);
          log.push("runs to its yield");
          yield;
          log.push("never");
        } finally {
          log.push("finally");
        }
      })(),
      { priority: 0 },
    );
    sched.run();
    expect(answer).toBe(42);
    expect(errors).toEqual(["thrower: bad"]);
    expect(log).toEqual(["runs to its yield", "finally"]);
    expect(quitter.state).toBe("cancelled");
    expect(sched.failures).toEqual([]);
  });

  it("serves in the order of a stable sort by priority, for any arrival sequence (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 40 }), fc.boolean(), (priorities, max) => {
        const served: number[] = [];
        const sched = new PriorityScheduler<number>((i) => served.push(i), { order: max ? "max" : "min" });
        const tasks: Task[] = priorities.map((p, i) => sched.submit(i, p));
        sched.run();
        const expected = priorities
          .map((p, i) => [p, i] as const)
          .sort((a, b) => (max ? b[0] - a[0] : a[0] - b[0]) || a[1] - b[1])
          .map(([, i]) => i);
        expect(served).toEqual(expected);
        expect(tasks.every((t) => t.state === "done")).toBe(true);
      }),
    );
  });
});

describe("PriorityScheduler: hostile values", () => {
  const trap = () => {
    throw Object.create(null);
  };
  const hostile = () => new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });

  it("refuses a priority that is a Proxy (traps throwing, or revoked) with a ValidationError", () => {
    const sched = new PriorityScheduler<string>(() => {});
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const bad of [hostile(), revoked]) {
      expect(() => sched.submit("r", bad as never)).toThrow(ValidationError);
      expect(() => sched.submit("r", bad as never)).toThrow(/got object \(a Proxy\)/);
    }
  });

  it("refuses options whose reads throw with a TypeError naming the class", () => {
    expect(() => new PriorityScheduler(hostile() as never)).toThrow(/PriorityScheduler: options could not be read/);
    expect(() => new TaskScheduler(hostile() as never)).toThrow(/TaskScheduler: options could not be read/);
    expect(() => new ActorScheduler(hostile() as never)).toThrow(TypeError);
  });
});
