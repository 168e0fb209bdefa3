import { describe, expect, it } from "vitest";
import { applyDecorator, histogramOf, manualClock, Profiler, profile, profiled, stats } from "../../src/decorators/index.js";
import { ClassDefinitionError } from "../../src/errors.js";
import { isLegacy } from "../support/dialect.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("@profiled", () => {
  it("counts calls per method across instances and keeps name, length, this and the result", () => {
    const p = new Profiler();
    class Account {
      balance: number;
      constructor(balance: number) {
        this.balance = balance;
      }
      @profiled({ profiler: p }) deposit(amount: number, note?: string): number {
        void note;
        this.balance += amount;
        return this.balance;
      }
    }
    const a = new Account(10);
    const b = new Account(100);
    const result: number = a.deposit(5);
    expect(result).toBe(15);
    expect(b.deposit(1)).toBe(101);
    expect(a.deposit(1)).toBe(16);
    expect(a.balance).toBe(16);
    expect(b.balance).toBe(101);
    expect(a.deposit.name).toBe("deposit");
    expect(a.deposit.length).toBe(2);
    expect(a.deposit).toBe(b.deposit);
    const s = stats(a.deposit);
    expect(s.ncalls).toBe(3);
    expect(s.errors).toBe(0);
    expect(s.name).toBe("Account.deposit");
    expect(s.kind).toBe("profiled");
  });

  it("names static methods Class.method", () => {
    const p = new Profiler();
    class Factory {
      @profiled({ profiler: p }) static make() {
        return new Factory();
      }
    }
    expect(Factory.make()).toBeInstanceOf(Factory);
    expect(stats(Factory.make).name).toBe("Factory.make");
    expect(stats(Factory.make).ncalls).toBe(1);
  });

  it("uses the label option as the name", () => {
    const p = new Profiler();
    class Api {
      @profiled({ profiler: p, label: "api:get" }) get(id: number) {
        return id;
      }
    }
    new Api().get(1);
    expect(p.entries().map((e) => e.name)).toEqual(["api:get"]);
  });

  it("counts thrown errors and rethrows the same object", () => {
    const p = new Profiler();
    const boom = new Error("boom");
    class Parser {
      @profiled({ profiler: p }) parse(text: string) {
        if (text === "") throw boom;
        return text.length;
      }
    }
    const parser = new Parser();
    expect(parser.parse("abc")).toBe(3);
    let caught: unknown;
    try {
      parser.parse("");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(boom);
    expect(stats(parser.parse)).toMatchObject({ ncalls: 2, errors: 1 });
  });

  it("measures an async method until its promise settles (a 30 ms sleep measures at least 25 ms)", async () => {
    const p = new Profiler();
    class Client {
      @profiled({ profiler: p }) async fetch(ms: number): Promise<string> {
        await sleep(ms);
        return "done";
      }
    }
    const client = new Client();
    const pending = client.fetch(30);
    expect(stats(client.fetch).ncalls).toBe(0);
    expect(await pending).toBe("done");
    const s = stats(client.fetch);
    expect(s.ncalls).toBe(1);
    expect(s.totalMs).toBeGreaterThanOrEqual(25);
    expect(s.p50Ms).toBeGreaterThanOrEqual(25);
  });

  it("counts a rejection as an error and rejects with the same object", async () => {
    const p = new Profiler();
    const reason = new TypeError("bad input");
    class Worker {
      @profiled({ profiler: p }) async run(fail: boolean) {
        await sleep(1);
        if (fail) throw reason;
        return 1;
      }
    }
    const w = new Worker();
    await expect(w.run(true)).rejects.toBe(reason);
    await expect(w.run(false)).resolves.toBe(1);
    expect(stats(w.run)).toMatchObject({ ncalls: 2, errors: 1 });
  });

  it("computes exact totals and percentiles on a known distribution with an injected clock", () => {
    const clock = manualClock();
    const p = new Profiler({ clock });
    class Job {
      @profiled({ profiler: p }) work(ms: number) {
        clock.advance(ms);
      }
    }
    const job = new Job();
    // 1..100 ms, shuffled deterministically.
    for (let i = 0; i < 100; i++) job.work(((i * 37) % 100) + 1);
    const s = stats(job.work);
    expect(s.ncalls).toBe(100);
    expect(s.totalMs).toBe(5050);
    expect(s.meanMs).toBe(50.5);
    expect(s.minMs).toBe(1);
    expect(s.maxMs).toBe(100);
    expect(Math.abs(s.p50Ms - 50) / 50).toBeLessThanOrEqual(1 / 64);
    expect(Math.abs(s.p90Ms - 90) / 90).toBeLessThanOrEqual(1 / 64);
    expect(Math.abs(s.p99Ms - 99) / 99).toBeLessThanOrEqual(1 / 64);
  });

  it("times a generator run by the time spent inside it, counted once when it finishes", () => {
    const clock = manualClock();
    const p = new Profiler({ clock });
    class Source {
      @profiled({ profiler: p }) *items(n: number) {
        for (let i = 0; i < n; i++) {
          clock.advance(2); // work inside the generator
          yield i;
        }
        clock.advance(1);
        return "end";
      }
    }
    const source = new Source();
    const it = source.items(3);
    expect(Object.prototype.toString.call(it)).toBe("[object Generator]");
    const seen: number[] = [];
    for (let r = it.next(); !r.done; r = it.next()) {
      seen.push(r.value);
      clock.advance(100); // the consumer's time is not the generator's
    }
    expect(seen).toEqual([0, 1, 2]);
    const s = stats(source.items);
    expect(s.ncalls).toBe(1);
    expect(s.totalMs).toBe(7);
    // Breaking out of for...of closes the run, which counts it.
    for (const v of source.items(10)) if (v === 1) break;
    expect(stats(source.items)).toMatchObject({ ncalls: 2, totalMs: 11 });
    // An unstarted or unfinished run is not counted.
    source.items(5).next();
    expect(stats(source.items).ncalls).toBe(2);
  });

  it("counts a generator that throws as an error and passes values, throw() and return() through", () => {
    const p = new Profiler();
    const failure = new Error("generator failed");
    function* echo(): Generator<number, string, number> {
      let got = yield 1;
      got = yield got * 10;
      if (got < 0) throw failure;
      return "ok";
    }
    const wrapped = profile(echo, { profiler: p });
    const g = wrapped();
    expect(g.next(0)).toEqual({ value: 1, done: false });
    expect(g.next(4)).toEqual({ value: 40, done: false });
    expect(() => g.next(-1)).toThrow(failure);
    expect(wrapped.stats).toMatchObject({ ncalls: 1, errors: 1 });
    const h = wrapped();
    h.next(0);
    expect(h.return("early")).toEqual({ value: "early", done: true });
    expect(h.next(0)).toEqual({ value: undefined, done: true });
    expect(wrapped.stats).toMatchObject({ ncalls: 2, errors: 1 });
    const k = wrapped();
    k.next(0);
    const thrown = new Error("into the generator");
    expect(() => k.throw(thrown)).toThrow(thrown);
    expect(wrapped.stats).toMatchObject({ ncalls: 3, errors: 2 });
  });

  it("times async generator runs until each step settles", async () => {
    const p = new Profiler();
    class Feed {
      @profiled({ profiler: p }) async *ticks(n: number) {
        for (let i = 0; i < n; i++) {
          await sleep(10);
          yield i;
        }
      }
    }
    const feed = new Feed();
    const got: number[] = [];
    const it = feed.ticks(3);
    expect(Object.prototype.toString.call(it)).toBe("[object AsyncGenerator]");
    for await (const v of it) got.push(v);
    expect(got).toEqual([0, 1, 2]);
    const s = stats(feed.ticks);
    expect(s.ncalls).toBe(1);
    expect(s.totalMs).toBeGreaterThanOrEqual(25);
  });

  it("profiles every method of a class when applied to the class", () => {
    const p = new Profiler();
    @profiled({ profiler: p })
    class Repo {
      items: string[] = [];
      add(item: string) {
        this.items.push(item);
        return this;
      }
      count() {
        return this.items.length;
      }
      get size() {
        return this.items.length;
      }
      static create() {
        return new Repo();
      }
    }
    const repo = Repo.create().add("a").add("b");
    expect(repo.count()).toBe(2);
    expect(repo.size).toBe(2);
    expect(repo).toBeInstanceOf(Repo);
    expect(
      p
        .entries()
        .map((e) => `${e.name}:${e.ncalls}`)
        .sort(),
    ).toEqual(["Repo.add:2", "Repo.count:1", "Repo.create:1"]);
  });

  it("profiles a plain JavaScript class without decorator syntax", () => {
    const p = new Profiler();
    class Plain {
      ping() {
        return "pong";
      }
    }
    class Other {
      pong() {
        return "ping";
      }
    }
    applyDecorator(profiled({ profiler: p }), Plain);
    applyDecorator(profiled({ profiler: p }), Other, "pong");
    expect(new Plain().ping()).toBe("pong");
    expect(new Other().pong()).toBe("ping");
    expect(stats(Plain.prototype.ping)).toMatchObject({ name: "Plain.ping", ncalls: 1 });
    expect(stats(Other.prototype.pong)).toMatchObject({ name: "Other.pong", ncalls: 1 });
  });

  it("does not count a method twice when both the class and the method are decorated", () => {
    const p = new Profiler();
    @profiled({ profiler: p })
    class Service {
      @profiled({ profiler: p, label: "handle!" }) handle() {
        return 1;
      }
      other() {
        return 2;
      }
    }
    const s = new Service();
    s.handle();
    s.other();
    expect(p.entries().map((e) => [e.name, e.ncalls])).toEqual([
      ["handle!", 1],
      ["Service.other", 1],
    ]);
  });

  it("refuses to decorate a field, naming the class and member", () => {
    let error: unknown;
    try {
      class Wrong {
        // @ts-expect-error: @profiled applies to methods and classes only
        @profiled() size = 1;
      }
      void Wrong;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClassDefinitionError);
    expect((error as Error).message).toContain("@profiled cannot decorate a field");
    expect((error as Error).message).toContain(isLegacy ? "Wrong.size" : ".size");
  });

  it("keeps histogram memory constant over a million calls", () => {
    const p = new Profiler();
    let tick = 0;
    p.clock = () => (tick += 0.001);
    const inc = profile((x: number) => x + 1, { profiler: p, label: "inc" });
    const h = histogramOf(inc);
    expect(h).toBeDefined();
    const bytes = h?.byteLength;
    let x = 0;
    for (let i = 0; i < 1_000_000; i++) x = inc(x);
    expect(x).toBe(1_000_000);
    expect(inc.ncalls).toBe(1_000_000);
    expect(histogramOf(inc)).toBe(h);
    expect(h?.byteLength).toBe(bytes);
    expect(h?.count).toBe(1_000_000);
  });
});

describe("profile(fn)", () => {
  it("wraps a plain function and exposes ncalls and stats", () => {
    const p = new Profiler();
    const add = profile(
      function add(x: number, y: number) {
        return x + y;
      },
      { profiler: p },
    );
    const sum: number = add(1, 2);
    expect(sum).toBe(3);
    add(3, 4);
    expect(add.ncalls).toBe(2);
    expect(add.stats.ncalls).toBe(2);
    expect(add.stats.name).toBe("add");
    expect(add.name).toBe("add");
    expect(add.length).toBe(2);
  });

  it("keeps this when the profiled function is used as a method, like a bound method", () => {
    const p = new Profiler();
    const greet = profile(
      function greet(this: { who: string }, greeting: string) {
        return `${greeting}, ${this.who}`;
      },
      { profiler: p },
    );
    const ada = { who: "Ada", greet };
    const bob = { who: "Bob", greet };
    expect(ada.greet("hi")).toBe("hi, Ada");
    expect(bob.greet("hello")).toBe("hello, Bob");
    expect(greet.call({ who: "Cy" }, "yo")).toBe("yo, Cy");
    expect(greet.ncalls).toBe(3);
  });

  it("counts calls through a bound method and reads its statistics from the bound function", () => {
    const p = new Profiler();
    class Spam {
      constructor(readonly tag: string) {}
      @profiled({ profiler: p }) bar(x: number) {
        return `${this.tag}:${x}`;
      }
    }
    const s = new Spam("s");
    const bound = s.bar.bind(s);
    expect(bound(1)).toBe("s:1");
    expect(s.bar(2)).toBe("s:2");
    expect(stats(bound).ncalls).toBe(2);
    expect((bound as unknown as { ncalls: number }).ncalls).toBe(2);
    const partial = bound.bind(null, 3);
    expect(partial()).toBe("s:3");
    expect(stats(partial).ncalls).toBe(3);
  });

  it("records nothing and passes calls through while the profiler is disabled", () => {
    const p = new Profiler({ enabled: false });
    const twice = profile((x: number) => 2 * x, { profiler: p, label: "twice" });
    expect(twice(21)).toBe(42);
    expect(twice.ncalls).toBe(0);
    function* gen() {
      yield 1;
    }
    const g = profile(gen, { profiler: p });
    expect([...g()]).toEqual([1]);
    expect(g.ncalls).toBe(0);
    p.enabled = true;
    twice(1);
    expect(twice.ncalls).toBe(1);
  });

  it("rejects a non-function and stats() of an uninstrumented function", () => {
    expect(() => profile(42 as unknown as () => void)).toThrow("profile(): expected a function (got 42)");
    expect(() => stats(function plain() {})).toThrow(
      "stats(): function plain is not instrumented; decorate it with @profiled() or @timed(), or wrap it with profile(fn)",
    );
    expect(() => histogramOf(() => 1)).toThrow(TypeError);
    expect(() => profiled((() => 1) as never)).toThrow(
      "profiled(): expected an options object (got anonymous function); to profile a function, use profile(fn)",
    );
  });
});
