import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DeserializeError, SchedulerError, SerializeError } from "../../src/errors.js";
import { field, model, Registry } from "../../src/registry/index.js";
import { Actor, type ActorContext, ActorScheduler, type Coroutine } from "../../src/runtime/index.js";

/** The Python recipe's actors: printer prints what it receives, counter counts down through it. */
function recipeActors(out: string[]) {
  const print = (...args: unknown[]) => out.push(args.join(" "));
  function* printer(): Coroutine {
    for (;;) {
      const msg = yield;
      print("Got:", msg);
    }
  }
  function* counter(sched: ActorScheduler): Coroutine {
    for (;;) {
      const n = yield;
      if (n === 0) break;
      sched.send("printer", n);
      sched.send("counter", n - 1);
    }
  }
  return { printer, counter };
}

function recipeRun(n: number): string[] {
  const out: string[] = [];
  const { printer, counter } = recipeActors(out);
  const sched = new ActorScheduler();
  sched.spawn("printer", printer());
  sched.spawn("counter", counter(sched));
  sched.send("counter", n);
  sched.run();
  return out;
}

// Class-based versions, registered in an isolated registry, for snapshots.
const reg = new Registry();
const printed: string[] = [];

@model({ name: "test.actors.Printer", registry: reg })
class Printer extends Actor<number> {
  @field() prefix = "Got:";
  @field() count = 0;
  receive(msg: number): void {
    this.count++;
    printed.push(`${this.prefix} ${msg}`);
  }
}

@model({ name: "test.actors.Counter", registry: reg })
class Counter extends Actor<number> {
  @field() target = "printer";
  receive(n: number, ctx: ActorContext): void {
    if (n === 0) {
      ctx.stop();
      return;
    }
    ctx.send(this.target, n);
    ctx.send(ctx.self, n - 1);
  }
}

@model({ name: "test.actors.Point", registry: reg })
class Point {
  @field() x = 0;
  @field() y = 0;
}

@model({ name: "test.actors.Collector", registry: reg })
class Collector extends Actor {
  @field() items: unknown[] = [];
  receive(msg: unknown): void {
    this.items.push(msg);
  }
}

class Unregistered extends Actor {
  receive(): void {}
}

function classRun(n: number, split?: number): string[] {
  return classRunWithState(n, split).out;
}

/** The class-based printer/counter, optionally snapshotted after `split` messages and restored; with the final state. */
function classRunWithState(n: number, split?: number): { out: string[]; final: unknown } {
  printed.length = 0;
  let sched = new ActorScheduler({ registry: reg });
  sched.spawn("printer", new Printer());
  sched.spawn("counter", Counter);
  sched.send("counter", n);
  if (split !== undefined) {
    sched.run(split);
    const json = sched.snapshot();
    sched = ActorScheduler.restore(json, { registry: reg });
  }
  sched.run();
  return { out: [...printed], final: JSON.parse(sched.snapshot()) };
}

describe("ActorScheduler", () => {
  it("reproduces the Python recipe's printer/counter output (small n, compared whole)", () => {
    expect(recipeRun(5)).toEqual(["Got: 5", "Got: 4", "Got: 3", "Got: 2", "Got: 1"]);
  });

  it("reproduces the Python recipe's printer/counter output for n = 10000", () => {
    const out = recipeRun(10_000);
    expect(out.length).toBe(10_000);
    expect(out[0]).toBe("Got: 10000");
    expect(out[1]).toBe("Got: 9999");
    expect(out.at(-1)).toBe("Got: 1");
    expect(out.every((line, i) => line === `Got: ${10_000 - i}`)).toBe(true);
  });

  it("removes a generator actor when it returns, and keeps the others", () => {
    const out: string[] = [];
    const { printer, counter } = recipeActors(out);
    const sched = new ActorScheduler();
    sched.spawn("printer", printer);
    sched.spawn("counter", counter(sched));
    expect(sched.names).toEqual(["printer", "counter"]);
    sched.send("counter", 2);
    expect(sched.pending).toBe(1);
    expect(sched.run()).toBe(5); // 3 to the counter, 2 to the printer
    expect(sched.has("counter")).toBe(false);
    expect(sched.has("printer")).toBe(true);
  });

  it("delivers messages one at a time with step, in FIFO order", () => {
    const got: unknown[] = [];
    const sched = new ActorScheduler();
    sched.spawn("sink", { receive: (m: unknown) => got.push(m) });
    for (const m of ["a", "b", "c"]) sched.send("sink", m);
    expect(sched.step()).toBe(true);
    expect(got).toEqual(["a"]);
    expect(sched.run()).toBe(2);
    expect(sched.step()).toBe(false);
    expect(got).toEqual(["a", "b", "c"]);
  });

  it("throws a SchedulerError naming the actor when sending to an unknown name", () => {
    const sched = new ActorScheduler();
    sched.spawn("printer", { receive() {} });
    let error: unknown;
    try {
      sched.send("nobody", 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).reason).toBe("unknown-actor");
    expect((error as SchedulerError).target).toBe("nobody");
    expect((error as Error).message).toBe('send to unknown actor "nobody" (actors: printer)');
  });

  it("hands undeliverable messages to the configured hook instead", () => {
    const lost: unknown[] = [];
    const sched = new ActorScheduler({ onUndeliverable: (to, msg, reason) => lost.push([to, msg, reason]) });
    sched.spawn("a", { receive() {} });
    sched.send("ghost", 1);
    sched.send("a", 2);
    sched.cancel("a");
    sched.run();
    expect(lost).toEqual([
      ["ghost", 1, "unknown"],
      ["a", 2, "stopped"],
    ]);
  });

  it("reports a message whose actor stopped before delivery as an undeliverable failure", () => {
    const sched = new ActorScheduler();
    sched.spawn("a", { receive() {} });
    sched.send("a", "late");
    expect(sched.cancel("a")).toBe(true);
    expect(sched.cancel("a")).toBe(false);
    sched.run();
    expect(sched.failures).toHaveLength(1);
    const f = sched.failures[0];
    expect(f?.actor).toBe("a");
    expect(f?.message).toBe("late");
    expect((f?.error as SchedulerError | undefined)?.reason).toBe("undeliverable");
  });

  it("delivers queued messages to a new actor that took over a stopped actor's name", () => {
    const got: unknown[] = [];
    const sched = new ActorScheduler();
    sched.spawn("svc", { receive: (m: unknown) => got.push(`old ${m}`) });
    sched.send("svc", 1);
    sched.cancel("svc");
    sched.spawn("svc", { receive: (m: unknown) => got.push(`new ${m}`) });
    sched.run();
    expect(got).toEqual(["new 1"]);
  });

  it("isolates an actor that throws: it stops, the others go on", () => {
    const got: unknown[] = [];
    const sched = new ActorScheduler();
    sched.spawn("fragile", {
      receive(m: unknown) {
        if (m === "bad") throw new Error("cannot handle bad");
        got.push(`fragile ${m}`);
      },
    });
    sched.spawn("steady", { receive: (m: unknown) => got.push(`steady ${m}`) });
    sched.send("fragile", "bad");
    sched.send("steady", 1);
    sched.run();
    expect(got).toEqual(["steady 1"]);
    expect(sched.has("fragile")).toBe(false);
    expect(sched.failures.map((f) => [f.actor, f.message, (f.error as Error).message])).toEqual([["fragile", "bad", "cannot handle bad"]]);
    expect(() => sched.send("fragile", 1)).toThrow(SchedulerError);
  });

  it('keeps a class-based actor running when the error hook answers "resume"', () => {
    const errors: string[] = [];
    const got: unknown[] = [];
    const sched = new ActorScheduler({
      onError: (error, actor) => {
        errors.push(`${actor}: ${(error as Error).message}`);
        return "resume";
      },
    });
    sched.spawn("svc", {
      receive(m: unknown) {
        if (m === 2) throw new Error("two");
        got.push(m);
      },
    });
    for (const m of [1, 2, 3]) sched.send("svc", m);
    sched.run();
    expect(got).toEqual([1, 3]);
    expect(errors).toEqual(["svc: two"]);
    expect(sched.failures).toEqual([]);
  });

  it("cancels a generator actor (running its finally block) and lets an actor stop itself", () => {
    const log: string[] = [];
    const sched = new ActorScheduler();
    sched.spawn(
      "gen",
      (function* (): Coroutine {
        try {
          for (;;) log.push(`gen ${yield}`);
        } finally {
          log.push("gen finally");
        }
      })(),
    );
    sched.spawn("quitter", {
      receive(m: unknown, ctx: ActorContext) {
        log.push(`quitter ${m}`);
        ctx.stop();
      },
    });
    sched.send("gen", 1);
    sched.send("quitter", 1);
    sched.run();
    expect(sched.cancel("gen")).toBe(true);
    expect(log).toEqual(["gen 1", "quitter 1", "gen finally"]);
    expect(sched.names).toEqual([]);
  });

  it("lets a generator actor stop itself through the scheduler", () => {
    const log: string[] = [];
    const sched = new ActorScheduler();
    sched.spawn(
      "once",
      (function* (): Coroutine {
        try {
          const m = yield;
          log.push(`got ${m}`);
          sched.cancel("once");
          yield;
          log.push("never");
        } finally {
          log.push("finally");
        }
      })(),
    );
    sched.send("once", 1);
    sched.run();
    expect(log).toEqual(["got 1", "finally"]);
    expect(sched.has("once")).toBe(false);
  });

  it("rejects duplicate names, non-actors and a nested run", () => {
    const sched = new ActorScheduler();
    sched.spawn("a", { receive() {} });
    expect(() => sched.spawn("a", { receive() {} })).toThrow(/already running/);
    expect(() => sched.spawn("b", 42 as never)).toThrow(/must be a generator or have a receive/);
    let inner: unknown;
    sched.spawn("nested", {
      receive() {
        try {
          sched.run();
        } catch (e) {
          inner = e;
        }
      },
    });
    sched.send("nested", 0);
    sched.run();
    expect((inner as SchedulerError).reason).toBe("reentrant");
  });

  it("runs class-based actors to the same output as the Python recipe's generator actors", () => {
    expect(classRun(50)).toEqual(recipeRun(50));
  });

  it("restores a snapshot taken mid-run and finishes with the same output as an uninterrupted run", () => {
    const whole = classRun(30);
    for (const split of [0, 1, 2, 17, 44, 89]) expect(classRun(30, split)).toEqual(whole);
  });

  it("restores actor state too: the printer's count and the stopped counter match the uninterrupted run", () => {
    const whole = classRunWithState(12);
    expect(whole.final).toEqual({
      format: "decorum.ActorScheduler",
      version: 1,
      actors: [{ name: "printer", actor: { $type: "test.actors.Printer", prefix: "Got:", count: 12 } }],
      queue: [],
    });
    for (const split of [3, 10, 20]) {
      const resumed = classRunWithState(12, split);
      expect(resumed.out).toEqual(whole.out);
      expect(resumed.final).toEqual(whole.final);
    }
  });

  it("isolates a generator actor that throws and reports it to the error hook with its message", () => {
    const reports: unknown[][] = [];
    const got: unknown[] = [];
    const sched = new ActorScheduler({
      onError: (error, actor, message) => {
        reports.push([actor, message, (error as Error).message]);
        return "resume"; // only class-based actors can resume: a generator that threw is finished
      },
    });
    sched.spawn(
      "fragile",
      (function* (): Coroutine {
        for (;;) {
          const m = yield;
          if (m === "bad") throw new Error("cannot handle bad");
          got.push(`fragile ${m}`);
        }
      })(),
    );
    sched.spawn("steady", { receive: (m: unknown) => got.push(`steady ${m}`) });
    sched.send("fragile", 1);
    sched.send("fragile", "bad");
    sched.send("steady", 2);
    sched.run();
    expect(got).toEqual(["fragile 1", "steady 2"]);
    expect(reports).toEqual([["fragile", "bad", "cannot handle bad"]]);
    expect(sched.has("fragile")).toBe(false);
    expect(sched.failures).toEqual([]);
  });

  it("snapshots class actors' state and queued messages with their types", () => {
    const sched = new ActorScheduler({ registry: reg });
    const c = new Collector();
    c.items = ["kept"];
    sched.spawn("collector", c);
    const p = new Point();
    p.x = 3;
    sched.send("collector", p);
    sched.send("collector", new Date(0));
    sched.send("collector", new Map([["k", 1n]]));
    const json = sched.snapshot();
    expect(JSON.parse(json).actors[0]).toEqual({ name: "collector", actor: { $type: "test.actors.Collector", items: ["kept"] } });
    const again = ActorScheduler.restore(json, { registry: reg });
    expect(again.pending).toBe(3);
    again.run();
    sched.run();
    const restored = (again as unknown as { snapshot(): string }).snapshot();
    expect(restored).toBe(sched.snapshot());
    const items = JSON.parse(restored).actors[0].actor.items;
    expect(items[1]).toEqual({ $type: "test.actors.Point", x: 3, y: 0 });
    expect(items[2].$type).toBe("Date");
  });

  it("refuses to snapshot a generator actor, naming it", () => {
    const out: string[] = [];
    const { printer } = recipeActors(out);
    const sched = new ActorScheduler({ registry: reg });
    sched.spawn("counter", Counter);
    sched.spawn("printer", printer());
    let error: unknown;
    try {
      sched.snapshot();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SerializeError);
    expect((error as SerializeError).path).toEqual(["actors", "printer"]);
    expect((error as Error).message).toMatch(/^actors\.printer: cannot snapshot generator actor "printer"/);
  });

  it("refuses to snapshot an actor of an unregistered class or an unserializable message", () => {
    const sched = new ActorScheduler({ registry: reg });
    sched.spawn("u", new Unregistered());
    expect(() => sched.snapshot()).toThrow(/actors\.u: cannot snapshot actor "u": Unregistered is not a registered class/);
    const ok = new ActorScheduler({ registry: reg });
    ok.spawn("c", Collector);
    ok.send("c", { f() {} });
    expect(() => ok.snapshot()).toThrow(SerializeError);
  });

  it("keeps messages for a stopped actor undeliverable after a restore, as in the original run", () => {
    const lost: unknown[] = [];
    const sched = new ActorScheduler({ registry: reg, onUndeliverable: (to, m) => lost.push([to, m]) });
    sched.spawn("gone", Collector);
    sched.send("gone", 1);
    sched.cancel("gone");
    const again = ActorScheduler.restore(sched.snapshot(), { registry: reg, onUndeliverable: (to, m) => lost.push([to, m]) });
    again.run();
    sched.run();
    expect(lost).toEqual([
      ["gone", 1],
      ["gone", 1],
    ]);
  });

  it("rejects a document that is not a snapshot with a DeserializeError listing the problems", () => {
    expect(() => ActorScheduler.restore("[1,2]", { registry: reg })).toThrow(DeserializeError);
    const bad = JSON.stringify({ format: "decorum.ActorScheduler", version: 2, actors: [{ name: 1, actor: {} }], queue: [["x"]] });
    let error: unknown;
    try {
      ActorScheduler.restore(bad, { registry: reg });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeserializeError);
    expect((error as DeserializeError).issues.map((i) => i.path)).toEqual([["version"], ["actors", 0, "name"], ["queue", 0]]);
    expect(() => ActorScheduler.restore('{"$type":"nope.Unknown"}', { registry: reg })).toThrow(DeserializeError);
  });

  it("delivers messages in FIFO order for any interleaving of sends and steps (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom("a", "b"), fc.constant("step")), { maxLength: 60 }), (ops) => {
        const got: string[] = [];
        const sched = new ActorScheduler();
        sched.spawn("a", { receive: (m: unknown) => got.push(`a${m}`) });
        sched.spawn(
          "b",
          (function* (): Coroutine {
            for (;;) got.push(`b${yield}`);
          })(),
        );
        const sent: string[] = [];
        ops.forEach((op, i) => {
          if (op === "step") sched.step();
          else {
            sched.send(op, i);
            sent.push(`${op}${i}`);
          }
        });
        sched.run();
        expect(got).toEqual(sent);
      }),
    );
  });
});

describe("ActorScheduler: hostile values", () => {
  it("refuses a Proxy whose traps throw with a SchedulerError, not the trap's value", () => {
    const trap = () => {
      throw Object.create(null);
    };
    const hostile = new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });
    const sched = new ActorScheduler();
    expect(() => sched.spawn("p", hostile as never)).toThrow(SchedulerError);
    expect(() => sched.spawn("p", hostile as never)).toThrow(
      /must be a generator or have a receive\(message, ctx\) method \(got object \(a Proxy\)\)/,
    );
    const fn = new Proxy(() => undefined, { get: trap });
    expect(() => sched.spawn("f", fn as never)).toThrow(SchedulerError);
  });
});
