import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SchedulerError } from "../../src/errors.js";
import { type Task, TaskScheduler } from "../../src/runtime/index.js";

/**
 * The Python recipe's coroutines (Python Cookbook 12.12: countdown prints
 * "Blastoff!" when its loop ends), printing into `out` the way Python's
 * print joins its arguments.
 */
function recipe(out: string[]) {
  const print = (...args: unknown[]) => out.push(args.join(" "));
  function* countdown(n: number) {
    while (n > 0) {
      print("T-minus", n);
      yield;
      n -= 1;
    }
    print("Blastoff!");
  }
  function* countup(n: number) {
    let x = 0;
    while (x < n) {
      print("Counting up", x);
      yield;
      x += 1;
    }
  }
  return { countdown, countup };
}

const TRANSCRIPT = [
  "T-minus 5",
  "Counting up 0",
  "T-minus 4",
  "Counting up 1",
  "T-minus 3",
  "Counting up 2",
  "T-minus 2",
  "Counting up 3",
  "T-minus 1",
  "Counting up 4",
  "Blastoff!",
  "Counting up 5",
];

describe("TaskScheduler", () => {
  it("interleaves the Python recipe's countdown(5) and countup(6) exactly", () => {
    const out: string[] = [];
    const { countdown, countup } = recipe(out);
    const sched = new TaskScheduler();
    const down = sched.spawn(countdown(5));
    const up = sched.spawn(countup(6));
    expect(sched.size).toBe(2);
    sched.run();
    expect(out).toEqual(TRANSCRIPT);
    expect(out.join("\n")).toBe(TRANSCRIPT.join("\n"));
    expect([down.state, up.state, sched.size]).toEqual(["done", "done", 0]);
  });

  it("accepts a generator function with its arguments and names the task after it", () => {
    const out: string[] = [];
    const { countdown, countup } = recipe(out);
    const sched = new TaskScheduler();
    const a = sched.spawn(countdown, 5);
    const b = sched.spawn(countup, 6);
    sched.run();
    expect(out).toEqual(TRANSCRIPT);
    expect([a.name, b.name, a.id, b.id]).toEqual(["countdown", "countup", 1, 2]);
  });

  it("names generator objects by option, else by id", () => {
    const sched = new TaskScheduler();
    const t1 = sched.spawn((function* () {})(), { name: "worker" });
    const t2 = sched.spawn((function* () {})());
    expect([t1.name, t2.name]).toEqual(["worker", "task 2"]);
    expect(String(t1)).toBe("Task 1 worker (ready)");
  });

  it("steps one task at a time and reports when nothing is ready", () => {
    const out: string[] = [];
    const { countdown, countup } = recipe(out);
    const sched = new TaskScheduler();
    sched.spawn(countdown, 2);
    sched.spawn(countup, 1);
    expect(sched.step()).toBe(true);
    expect(out).toEqual(["T-minus 2"]);
    let steps = 1;
    while (sched.step()) steps++;
    expect(out).toEqual(["T-minus 2", "Counting up 0", "T-minus 1", "Blastoff!"]);
    expect(steps).toBe(5); // 3 yields + the two final resumptions that return (countdown's prints "Blastoff!")
    expect(sched.step()).toBe(false);
  });

  it("bounds a run by a number of steps and resumes where it stopped", () => {
    const out: string[] = [];
    const { countdown, countup } = recipe(out);
    const sched = new TaskScheduler();
    sched.spawn(countdown, 5);
    sched.spawn(countup, 6);
    expect(sched.run(4)).toBe(4);
    expect(out).toEqual(TRANSCRIPT.slice(0, 4));
    sched.run();
    expect(out).toEqual(TRANSCRIPT);
  });

  it("keeps the return value of a finished task", () => {
    const sched = new TaskScheduler();
    const t = sched.spawn(function* (n: number) {
      let sum = 0;
      for (let i = 1; i <= n; i++) {
        sum += i;
        yield;
      }
      return sum;
    }, 4);
    sched.run();
    expect(t.result).toBe(10);
    expect(t.finished).toBe(true);
  });

  it("reports a task that throws without stopping the others", () => {
    const sched = new TaskScheduler();
    const log: string[] = [];
    const boom = new Error("boom");
    const bad = sched.spawn(function* bad() {
      log.push("bad 1");
      yield;
      throw boom;
    });
    const good = sched.spawn(function* good() {
      for (let i = 0; i < 3; i++) {
        log.push(`good ${i}`);
        yield;
      }
    });
    sched.run();
    expect(log).toEqual(["bad 1", "good 0", "good 1", "good 2"]);
    expect(bad.state).toBe("failed");
    expect(bad.error).toBe(boom);
    expect(good.state).toBe("done");
    expect(sched.failures).toEqual([{ task: bad, error: boom }]);
  });

  it("calls the error hook instead of recording failures when one is given", () => {
    const seen: [unknown, string][] = [];
    const sched = new TaskScheduler({ onError: (error, task) => seen.push([error, task.name]) });
    sched.spawn(function* failing() {
      yield;
      throw new TypeError("nope");
    });
    sched.run();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[1]).toBe("failing");
    expect(seen[0]?.[0]).toBeInstanceOf(TypeError);
    expect(sched.failures).toEqual([]);
  });

  it("passes yielded values to the observer hook and sends its answer back into the task", () => {
    const observed: [unknown, string][] = [];
    const sched = new TaskScheduler({
      onYield: (value, task) => {
        observed.push([value, task.name]);
        return typeof value === "number" ? value * 10 : undefined;
      },
    });
    const answers: unknown[] = [];
    sched.spawn(function* asker() {
      answers.push(yield 1);
      answers.push(yield 2);
      answers.push(yield); // a bare yield is not observed
      answers.push(yield "x");
    });
    sched.run();
    expect(observed).toEqual([
      [1, "asker"],
      [2, "asker"],
      ["x", "asker"],
    ]);
    expect(answers).toEqual([10, 20, undefined, undefined]);
  });

  it("reports every finished, failed and cancelled task to the exit hook", () => {
    const exits: string[] = [];
    const sched = new TaskScheduler({ onExit: (t) => exits.push(`${t.name}:${t.state}`), onError: () => {} });
    sched.spawn(function* ok() {
      yield;
    });
    sched.spawn(function* ko() {
      yield* [];
      throw new Error("x");
    });
    const c = sched.spawn(function* cancelled() {
      yield;
    });
    sched.cancel(c);
    sched.run();
    expect(exits.sort()).toEqual(["cancelled:cancelled", "ko:failed", "ok:done"]);
  });

  it("cancels a queued task: it never runs again and its finally block runs at once", () => {
    const log: string[] = [];
    const sched = new TaskScheduler();
    const forever = sched.spawn(function* forever() {
      try {
        for (;;) {
          log.push("tick");
          yield;
        }
      } finally {
        log.push("cleanup");
      }
    });
    sched.spawn(function* other() {
      for (let i = 0; i < 3; i++) yield;
    });
    sched.run(3);
    expect(sched.cancel(forever)).toBe(true);
    expect(log).toEqual(["tick", "tick", "cleanup"]);
    sched.run();
    expect(log).toEqual(["tick", "tick", "cleanup"]);
    expect(forever.state).toBe("cancelled");
    expect(sched.cancel(forever)).toBe(false);
    expect(sched.size).toBe(0);
  });

  it("lets a task cancel itself or another task while it runs", () => {
    const log: string[] = [];
    const sched = new TaskScheduler();
    let victim!: Task;
    const self = sched.spawn(function* selfish() {
      try {
        log.push("self 1");
        expect(sched.current?.name).toBe("selfish");
        sched.cancel(sched.current as Task);
        log.push("self still runs until it suspends");
        yield;
        log.push("never");
      } finally {
        log.push("self finally");
      }
    });
    sched.spawn(function* killer() {
      sched.cancel(victim);
      log.push("killer");
      yield;
    });
    victim = sched.spawn(function* victimTask() {
      log.push("never either");
      yield;
    });
    sched.run();
    expect(log).toEqual(["self 1", "self still runs until it suspends", "self finally", "killer"]);
    expect([self.state, victim.state]).toEqual(["cancelled", "cancelled"]);
    expect(sched.size).toBe(0);
  });

  it("reports the running task as current only while it runs (not in hooks, not between steps)", () => {
    const seen: string[] = [];
    let a!: Task;
    let b!: Task;
    const sched = new TaskScheduler({
      onExit: (t) => seen.push(`exit ${t.name}: current=${String(sched.current?.name)}`),
    });
    a = sched.spawn(function* first() {
      seen.push(`in first: current=${sched.current?.name} a=${a.state} b=${b.state}`);
      yield;
    });
    b = sched.spawn(function* second() {
      seen.push(`in second: current=${sched.current?.name} a=${a.state} b=${b.state}`);
      yield;
    });
    sched.run(1);
    seen.push(`between: current=${String(sched.current)} a=${a.state} b=${b.state}`);
    sched.run();
    expect(seen).toEqual([
      "in first: current=first a=running b=ready",
      "between: current=undefined a=ready b=ready",
      "in second: current=second a=ready b=running",
      "exit first: current=undefined",
      "exit second: current=undefined",
    ]);
  });

  it("keeps current on the stepped task while it spawns past the ring's size, in onYield, and not in onError", () => {
    // current is read from the stepped task's ring slot: a step that spawns
    // enough tasks to grow the ring, then finishes or throws, must neither
    // lose a spawned task nor report another task as current
    const seen: string[] = [];
    const sched = new TaskScheduler({
      onYield: (v, t) => {
        seen.push(`yield ${String(v)} in ${t.name}: current=${sched.current === t}`);
        return undefined;
      },
      onError: (e, t) => seen.push(`error ${String(e)} in ${t.name}: current=${String(sched.current)}`),
    });
    const order: number[] = [];
    function* child(i: number) {
      if (sched.current?.name !== "child") throw new Error(`child ${i} is not current`);
      order.push(i);
      yield;
      order.push(i + 100);
    }
    sched.spawn(function* parent() {
      for (let i = 0; i < 40; i++) sched.spawn(child, i);
      seen.push(`parent after spawning: current=${sched.current?.name}`);
      yield "p";
      seen.push(`parent again: current=${sched.current?.name}`);
    });
    sched.spawn(function* thrower() {
      for (let i = 0; i < 40; i++) sched.spawn(child, 40 + i);
      if (sched.current?.name === "thrower") throw new Error("boom");
      yield;
    });
    expect(sched.run()).toBe(2 + 1 + 80 * 2); // parent: two steps, thrower: one, each child: two
    expect(seen).toEqual([
      "parent after spawning: current=parent",
      "yield p in parent: current=true",
      "error Error: boom in thrower: current=undefined",
      "parent again: current=parent",
    ]);
    const firsts = Array.from({ length: 80 }, (_, i) => i);
    expect(order).toEqual([...firsts, ...firsts.map((i) => i + 100)]);
    expect(sched.failures).toEqual([]);
    expect(sched.current).toBeUndefined();
  });

  it("loses no task spawned into the slot the stepping task was taken from", () => {
    // the ring starts at 16 slots: 15 one-step tasks move its head to the
    // last slot, the next task is taken from there (head wraps to 0), and
    // the 16 tasks it spawns fill the ring up to that very slot
    const sched = new TaskScheduler();
    for (let i = 0; i < 15; i++) sched.spawn(function* filler() {});
    expect(sched.run()).toBe(15);
    const ran: number[] = [];
    sched.spawn(function* spawner() {
      for (let i = 0; i < 16; i++)
        sched.spawn(function* child() {
          ran.push(i);
          yield;
        });
      yield;
    });
    expect(sched.run()).toBe(2 + 16 * 2);
    expect(ran).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it("reports a finally block that throws on cancellation, and keeps result/error apart", () => {
    const sched = new TaskScheduler();
    const oops = new Error("cleanup failed");
    const t = sched.spawn(function* stubborn() {
      try {
        yield;
      } finally {
        // biome-ignore lint/correctness/noUnsafeFinally: the point of the test
        throw oops;
      }
    });
    const ok = sched.spawn(function* ok() {
      yield;
      return 7;
    });
    sched.run(2);
    expect(sched.cancel(t)).toBe(true);
    sched.run();
    expect([t.state, t.error, t.result]).toEqual(["cancelled", oops, undefined]);
    expect([ok.state, ok.result, ok.error]).toEqual(["done", 7, undefined]);
    expect(sched.failures).toEqual([{ task: t, error: oops }]);
  });

  it("lets tasks spawn tasks, which join the back of the queue", () => {
    const log: string[] = [];
    const sched = new TaskScheduler();
    sched.spawn(function* parent() {
      log.push("parent 1");
      sched.spawn(function* child() {
        log.push("child 1");
        yield;
        log.push("child 2");
      });
      yield;
      log.push("parent 2");
    });
    sched.run();
    expect(log).toEqual(["parent 1", "child 1", "parent 2", "child 2"]);
  });

  it("queues tasks spawned by hooks, by a task that fails or cancels itself, and by a hook that then throws, in spawn order", () => {
    const log: string[] = [];
    function* note(name: string, n = 1) {
      for (let i = 0; i < n; i++) {
        log.push(`${name}${i}`);
        yield;
      }
    }
    let sched: TaskScheduler;
    let exitSpawns = 0;
    sched = new TaskScheduler({
      onYield: (v) => {
        if (v === "spawn") sched.spawn(note("fromYield"));
        return undefined;
      },
      onError: (e) => {
        sched.spawn(note(`fromError:${(e as Error).message}`));
      },
      onExit: (t) => {
        if (t.name === "thrower" && exitSpawns++ === 0) {
          sched.spawn(note("beforeHookThrow"));
          throw new Error("onExit threw");
        }
      },
    });
    sched.spawn(function* yielder() {
      yield "spawn";
      log.push("yielder1");
    });
    sched.spawn(function* failer() {
      sched.spawn(note("childOfFailer"));
      if (log.length >= 0) throw new Error("boom");
      yield;
    });
    sched.spawn(function* selfCancel() {
      sched.spawn(note("childOfCancelled"));
      sched.cancel(sched.current as Task);
      yield;
      log.push("never");
    });
    sched.spawn(function* thrower() {
      log.push("thrower0");
      if (log.length < 0) yield;
    });
    expect(() => sched.run()).toThrow("onExit threw");
    // the task spawned by the hook that threw is queued, not lost
    expect(sched.size).toBe(6);
    sched.run();
    expect(log).toEqual([
      "thrower0",
      "fromYield0",
      "yielder1",
      "childOfFailer0",
      "fromError:boom0",
      "childOfCancelled0",
      "beforeHookThrow0",
    ]);
    expect(sched.size).toBe(0);
  });

  it("queues many tasks spawned in one step behind the spawner's queue-mates, also when run(maxSteps) stops right after that step", () => {
    const sched = new TaskScheduler();
    const order: number[] = [];
    function* leaf(i: number) {
      order.push(i);
      yield;
    }
    sched.spawn(function* fanOut() {
      for (let i = 0; i < 100; i++) sched.spawn(leaf, i);
      yield;
      order.push(-1);
    });
    sched.spawn(leaf, 1000);
    expect(sched.run(1)).toBe(1); // only fanOut ran: its 100 children wait behind leaf 1000
    expect(sched.size).toBe(102);
    expect(sched.step()).toBe(true);
    expect(order).toEqual([1000]);
    sched.run();
    expect(order).toEqual([1000, ...Array.from({ length: 100 }, (_, i) => i), -1]);
    expect(sched.size).toBe(0);
  });

  it("cancels a task spawned in the same step before it was ever queued: it never runs, onExit hears it at once, the others keep their order", () => {
    const log: string[] = [];
    const exits: string[] = [];
    const sched = new TaskScheduler({ onExit: (t) => exits.push(`${t.name}:${t.state}`) });
    function* child(name: string) {
      try {
        log.push(name);
        yield;
      } finally {
        log.push(`${name} finally`);
      }
    }
    let doomed: Task | undefined;
    sched.spawn(function* parent() {
      sched.spawn(child("kept1"), { name: "kept1" });
      doomed = sched.spawn(child("doomed"), { name: "doomed" });
      sched.spawn(child("kept2"), { name: "kept2" });
      expect(sched.cancel(doomed)).toBe(true);
      expect(sched.cancel(doomed)).toBe(false);
      yield;
      log.push("parent2");
    });
    expect(sched.run()).toBe(6); // parent ×2, kept1 ×2, kept2 ×2; the cancelled task is no step
    expect(log).toEqual(["kept1", "kept2", "parent2", "kept1 finally", "kept2 finally"]);
    expect(exits).toEqual(["doomed:cancelled", "parent:done", "kept1:done", "kept2:done"]);
    expect((doomed as Task).state).toBe("cancelled");
    expect(sched.size).toBe(0);
  });

  it("runs delegated sub-generators with yield*", () => {
    const log: string[] = [];
    function* sub(tag: string) {
      log.push(`${tag} a`);
      yield;
      log.push(`${tag} b`);
      return tag.length;
    }
    const sched = new TaskScheduler();
    const t = sched.spawn(function* outer() {
      const n = yield* sub("xy");
      log.push(`got ${n}`);
    });
    sched.spawn(function* other() {
      log.push("other");
      yield;
    });
    sched.run();
    expect(log).toEqual(["xy a", "other", "xy b", "got 2"]);
    expect(t.state).toBe("done");
  });

  it("rejects what is not a coroutine, a foreign task and a nested run with SchedulerError", () => {
    const sched = new TaskScheduler();
    expect(() => sched.spawn(42 as never)).toThrow(SchedulerError);
    expect(() => sched.spawn((() => 1) as never)).toThrow(/did not return a generator/);
    expect(() => sched.spawn({ next() {} } as never)).toThrow(/expected a generator or a generator function \(got object\)/);
    expect(sched.size).toBe(0);
    const other = new TaskScheduler();
    const t = other.spawn((function* () {})());
    expect(() => sched.cancel(t)).toThrow(/belongs to another scheduler/);
    let inner: unknown;
    sched.spawn(function* nested() {
      yield* [];
      try {
        sched.run();
      } catch (error) {
        inner = error;
      }
    });
    sched.run();
    expect(inner).toBeInstanceOf(SchedulerError);
    expect((inner as SchedulerError).reason).toBe("reentrant");
    expect((inner as SchedulerError).code).toBe("DECORUM_SCHEDULER");
  });

  it("handles 100k tasks in round-robin order", () => {
    const sched = new TaskScheduler();
    const order: number[] = [];
    const n = 100_000;
    function* task(i: number) {
      order.push(i);
      yield;
      order.push(i);
    }
    for (let i = 0; i < n; i++) sched.spawn(task, i);
    sched.run();
    expect(order.length).toBe(2 * n);
    for (let i = 0; i < n; i++) {
      if (order[i] !== i || order[n + i] !== i) throw new Error(`out of order at ${i}`);
    }
  });

  it("matches a reference round-robin for any mix of task lengths (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(6), { maxLength: 12 }), (lengths) => {
        const sched = new TaskScheduler();
        const log: string[] = [];
        lengths.forEach((len, id) => {
          sched.spawn(function* t() {
            for (let k = 0; k < len; k++) {
              log.push(`${id}:${k}`);
              yield;
            }
          });
        });
        sched.run();
        // reference: rounds over the tasks still alive
        const expected: string[] = [];
        const max = Math.max(0, ...lengths);
        for (let k = 0; k < max; k++)
          lengths.forEach((len, id) => {
            if (k < len) expected.push(`${id}:${k}`);
          });
        expect(log).toEqual(expected);
      }),
    );
  });

  it("tells a task's throw from a hook's: the task fails and the others go on, a throwing hook leaves run() and run() resumes", () => {
    const log: string[] = [];
    function* steps(name: string, n: number, failAt = -1) {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error(`${name} failed`);
        log.push(`${name}${i}`);
        yield;
      }
    }
    // a throwing onYield hook counts as the task's failure (it runs inside the task's step)
    const yielded = new TaskScheduler({
      onYield: (v) => {
        if (v === "bad") throw new Error("onYield rejected");
        return v;
      },
    });
    const y = yielded.spawn(function* y() {
      yield "ok";
      yield "bad";
      log.push("never");
    });
    const other = yielded.spawn(steps, "o", 3);
    expect(yielded.run()).toBe(6);
    expect(y.state).toBe("failed");
    expect((y.error as Error).message).toBe("onYield rejected");
    expect(other.state).toBe("done");

    // a throwing onExit hook leaves run() with its error; the next run() goes on
    log.length = 0;
    const exits = new TaskScheduler({
      onExit: (t) => {
        if (t.name === "short") throw new Error("onExit threw");
      },
    });
    const a = exits.spawn(steps("a", 3), { name: "short" });
    const b = exits.spawn(steps("b", 4, 2), { name: "b" });
    const c = exits.spawn(steps("c", 4), { name: "c" });
    expect(() => exits.run()).toThrow("onExit threw");
    expect(a.state).toBe("done");
    expect(exits.current).toBeUndefined();
    expect(exits.run()).toBeGreaterThan(0);
    expect(log).toEqual(["a0", "b0", "c0", "a1", "b1", "c1", "a2", "c2", "c3"]);
    expect(b.state).toBe("failed");
    expect((b.error as Error).message).toBe("b failed");
    expect(exits.failures.map((f) => f.task)).toEqual([b]);
    expect(c.state).toBe("done");
    expect(exits.size).toBe(0);
  });

  it("keeps round-robin order while tasks spawn tasks mid-run, across ring wrap-around and growth (property)", () => {
    // Each task yields `len` times and, at the steps listed in `spawns`,
    // spawns a child (a shorter task of the same kind). Spawning from inside
    // a step while the queue's head is past the start of the ring makes it
    // grow with a wrapped queue: the order must still be the reference's.
    type Spec = { len: number; spawns: number[] };
    const spec = fc.record({ len: fc.nat(5), spawns: fc.array(fc.nat(5), { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 40 }), fc.nat(3), (specs, depthLimit) => {
        const sched = new TaskScheduler();
        const log: string[] = [];
        let nextId = 0;
        function* t(id: number, s: Spec, depth: number): Generator<undefined, void, unknown> {
          for (let k = 0; k < s.len; k++) {
            log.push(`${id}:${k}`);
            if (depth < depthLimit && s.spawns.includes(k)) {
              const child = { len: Math.max(0, s.len - 1), spawns: s.spawns };
              sched.spawn(t, nextId++, child, depth + 1);
            }
            yield;
          }
        }
        for (const s of specs) sched.spawn(t, nextId++, s, 0);
        sched.run();
        // reference: an array queue of [id, spec, depth, k]
        const expected: string[] = [];
        let refId = 0;
        const queue: [number, Spec, number, number][] = specs.map((s) => [refId++, s, 0, 0]);
        while (queue.length > 0) {
          const [id, s, depth, k] = queue.shift() as [number, Spec, number, number];
          if (k >= s.len) continue;
          expected.push(`${id}:${k}`);
          if (depth < depthLimit && s.spawns.includes(k)) {
            queue.push([refId++, { len: Math.max(0, s.len - 1), spawns: s.spawns }, depth + 1, 0]);
          }
          queue.push([id, s, depth, k + 1]);
        }
        expect(log).toEqual(expected);
        expect(sched.size).toBe(0);
      }),
    );
  });
});

describe("TaskScheduler: hostile values", () => {
  it("refuses a Proxy whose traps throw with a SchedulerError, not the trap's value", () => {
    const trap = () => {
      throw Object.create(null);
    };
    const hostile = new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });
    const sched = new TaskScheduler();
    expect(() => sched.spawn(hostile as never)).toThrow(SchedulerError);
    expect(() => sched.spawn(hostile as never)).toThrow(/expected a generator or a generator function \(got object \(a Proxy\)\)/);
    expect(() => sched.spawn(() => hostile as never)).toThrow(/did not return a generator/);
  });

  it("records any thrown value as the task's failure and goes on", () => {
    const thrown = [
      Object.create(null),
      Symbol("s"),
      1n,
      new Proxy(
        {},
        {
          get: () => {
            throw 1;
          },
        },
      ),
    ];
    const sched = new TaskScheduler();
    for (const value of thrown)
      sched.spawn(function* (): Generator<undefined, void, unknown> {
        yield;
        throw value;
      });
    const survivor = sched.spawn(function* (): Generator<undefined, string, unknown> {
      yield;
      yield;
      return "done";
    });
    sched.run();
    expect(sched.failures).toHaveLength(thrown.length);
    sched.failures.forEach((f, i) => {
      expect(f.error === thrown[i]).toBe(true);
    });
    expect(survivor.result).toBe("done");
  });
});
