import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecorumError, type DeserializeError, SerializeError } from "../../src/errors.js";
import { DEFAULT_MAX_DEPTH, defineModel, field, model, Registry } from "../../src/registry/index.js";
import { stringifyDeep } from "../../src/registry/json.js";
import { modelsIn, valueGraph } from "../fixtures/registry/arbitraries.js";
import { difference } from "../fixtures/registry/exact.js";
import { withRecursion } from "../support/depth.js";

const reg = new Registry();
const plainReg = new Registry({ compile: false });
modelsIn(reg);
modelsIn(plainReg);

@model({ registry: reg, name: "depth.Link" })
class Link {
  @field(Number) accessor n = 0;
  @field({ optional: true }) next: Link | undefined = undefined;
}

/** A link whose `next` is declared: plain JSON (no tags) reads as a chain of them. */
@model({ registry: reg, name: "depth.TypedLink" })
class TypedLink {
  @field(Number) accessor n = 0;
  @field({ type: () => TypedLink, optional: true }) next: TypedLink | undefined = undefined;
}

/** A chain of `length` Links (the root is Link 0). */
function chain(length: number): Link {
  let head: Link | undefined;
  for (let i = length - 1; i >= 0; i--) {
    const l = new Link();
    l.n = i;
    l.next = head;
    head = l;
  }
  return head as Link;
}

function chainLength(l: unknown): number {
  let n = 0;
  for (let x = l; x instanceof Link; x = x.next) {
    if (x.n !== n) throw new Error(`link ${n} holds ${x.n}`);
    n++;
  }
  return n;
}

/** Runs `fn` from `frames` frames down a recursion (the stack partly used by someone else). */
function fromDepth<T>(frames: number, fn: () => T): T {
  const down = (n: number): T => (n === 0 ? fn() : down(n - 1));
  return down(frames);
}

/**
 * How many frames of `fromDepth`'s recursion fit in this stack, measured
 * with `fromDepth` itself (binary search): a probe of another shape can have
 * smaller frames, and a share of its count could then fill the whole stack.
 * The smallest of three counts, each with another callback: Chromium's first
 * count comes from code that inlined its one callback, with frames a quarter
 * smaller than once `fromDepth` has seen others (as the tests' own).
 */
function stackFrames(): number {
  const count = (fn: () => unknown): number => {
    const fits = (n: number): boolean => {
      try {
        fromDepth(n, fn);
        return true;
      } catch {
        return false;
      }
    };
    let low = 0;
    let high = 1_024;
    while (fits(high)) {
      low = high;
      high *= 2;
    }
    while (high - low > 1) {
      const mid = (low + high) >>> 1;
      if (fits(mid)) low = mid;
      else high = mid;
    }
    return low;
  };
  return Math.min(
    count(() => 0),
    count(() => "one"),
    count(() => [2]),
  );
}

/**
 * Runs `fn` with about `share` of the stack already used (by `fromDepth`),
 * checking at the bottom that a count made from there still finds the rest
 * free: a count's frames can change size with the engine's tier, so when the
 * two counts disagree the stack is measured again (never a guess that leaves
 * `fn` next to nothing).
 */
function withStackUsed<T>(share: number, fn: () => T): T {
  const seen: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const total = stackFrames();
    const at = fromDepth(Math.floor(total * share), (): { left: number } | { value: T } => {
      const left = stackFrames();
      return left < total * (1 - share) * 0.8 ? { left } : { value: fn() };
    });
    if ("value" in at) return at.value;
    seen.push(`${at.left} of ${total} frames left at share ${share}`);
  }
  throw new Error(`the stack measure never settled: ${seen.join("; ")}`);
}

function outcome(fn: () => unknown): unknown {
  try {
    return { ok: fn() };
  } catch (e) {
    if (!(e instanceof DecorumError)) throw e;
    return { error: e.constructor.name, message: e.message, path: (e as SerializeError).path, issues: (e as DeserializeError).issues };
  }
}

describe("depth: every depth up to maxDepth, deterministically", () => {
  it("serializes and reads back a 1,000-node linked chain with default settings", () => {
    expect(DEFAULT_MAX_DEPTH).toBe(10_000);
    const json = reg.serialize(chain(1_000));
    expect(chainLength(reg.deserialize(json, Link))).toBe(1_000);
  });

  it("writes and reads 1,000, 2,000 and 3,000 levels in both directions, compiled and interpreted", () => {
    for (const r of [reg, plainReg]) {
      for (const n of [1_000, 2_000, 3_000]) {
        let arr: unknown = ["leaf"];
        for (let i = 0; i < n - 1; i++) arr = [arr];
        const text = r.serialize(arr, { maxDepth: n });
        expect(text).toBe(`${"[".repeat(n)}"leaf"${"]".repeat(n)}`);
        let back = r.deserialize<unknown>(text, undefined, { maxDepth: n });
        for (let i = 0; i < n; i++) back = (back as unknown[])[0];
        expect(back).toBe("leaf");
        expect(() => r.serialize([arr], { maxDepth: n })).toThrow(new RegExp(`nesting deeper than ${n} levels`));
        expect(() => r.deserialize(`[${text}]`, undefined, { maxDepth: n })).toThrow(new RegExp(`nesting deeper than ${n} levels`));
      }
    }
    for (const n of [1_000, 2_000, 3_000]) {
      const json = reg.serialize(chain(n), { maxDepth: n });
      expect(chainLength(reg.deserialize(json, Link, { maxDepth: n }))).toBe(n);
      expect(() => reg.serialize(chain(n + 1), { maxDepth: n })).toThrow(SerializeError);
      const e = outcome(() => reg.deserialize(reg.serialize(chain(n + 1)), Link, { maxDepth: n })) as {
        issues: DeserializeError["issues"];
      };
      expect(e.issues.map((i) => i.code)).toEqual(["depth"]);
      expect(e.issues[0]?.path).toEqual(Array.from({ length: n }, () => "next"));
    }
  });

  it("gives the same answer at every depth around the limit, whatever the call stack already holds", () => {
    const json = reg.serialize(chain(3_000));
    const run = () => [
      outcome(() => chainLength(reg.deserialize(json, Link, { maxDepth: 3_000 }))),
      outcome(() => reg.deserialize(json, Link, { maxDepth: 2_999 })),
      outcome(() => reg.serialize(chain(3_000), { maxDepth: 3_000 }).length),
      outcome(() => reg.serialize(chain(3_001), { maxDepth: 3_000 })),
      outcome(() => reg.toPlain(chain(3_000), { maxDepth: 2_999 })),
    ];
    const top = run();
    expect((top[0] as { ok: number }).ok).toBe(3_000);
    expect((top[1] as { error: string }).error).toBe("DeserializeError");
    expect((top[3] as { error: string }).error).toBe("SerializeError");
    // A quarter of the stack left is plenty: should the decoder's first 1,000 recursive levels not fit, it starts over
    // with 16 (and the encoder's text writer hands the call to the tree encoder, which recurses 16).
    for (const share of [0.25, 0.5, 0.75]) expect(withStackUsed(share, run)).toEqual(top);
  });

  it("keeps the whole path on the error while the message elides its middle", () => {
    const e = outcome(() => reg.serialize(chain(5_000), { maxDepth: 4_000 })) as { path: unknown[]; message: string };
    expect(e.path).toHaveLength(4_000);
    expect(e.path.every((k) => k === "next")).toBe(true);
    expect(e.message).toMatch(/^next(\.next){19}…\(3960 more\)…(\.next){20}: nesting deeper than 4000 levels/);
  });

  it("writes a document deeper than JSON.stringify can (it stops near 4,100 levels) and reads it back", () => {
    const json = reg.serialize(chain(10_000));
    expect(chainLength(reg.deserialize(json, Link))).toBe(10_000);
    expect(() => reg.serialize(chain(10_001))).toThrow(/nesting deeper than 10000 levels/);
    let deep: unknown = 1;
    for (let i = 0; i < 9_999; i++) deep = { a: deep };
    let back = reg.deserialize<unknown>(reg.serialize(deep));
    for (let i = 0; i < 9_999; i++) back = (back as { a: unknown }).a;
    expect(back).toBe(1);
    let spaced: unknown = [];
    for (let i = 0; i < 4_500; i++) spaced = { a: spaced };
    const text = reg.serialize(spaced, { space: 1 });
    expect(text.startsWith('{\n "a": {\n  "a": {')).toBe(true);
    expect(text.includes(`\n${" ".repeat(4_500)}"a": []\n${" ".repeat(4_499)}}\n${" ".repeat(4_498)}}`)).toBe(true);
    expect(text.endsWith("\n  }\n }\n}")).toBe(true);
    let parsed = JSON.parse(text) as unknown;
    for (let i = 0; i < 4_500; i++) parsed = (parsed as { a: unknown }).a;
    expect(parsed).toEqual([]);
  });

  it("walks nested Maps, Sets, tagged containers and references past the recursion threshold", () => {
    let v: unknown = new Set([1, "x", undefined]);
    for (let i = 0; i < 1_500; i++) v = i % 3 === 0 ? new Map([["k", v]]) : i % 3 === 1 ? new Set([v, 2]) : { $type: "x", v };
    const back = reg.deserialize(reg.serialize(v));
    expect(difference(back, v)).toBeUndefined();
    const shared = { s: 1 };
    const cyclic: Record<string, unknown> = { shared };
    let node: Record<string, unknown> = cyclic;
    for (let i = 0; i < 2_000; i++) node = { down: node, shared };
    cyclic.loop = node;
    const again = reg.deserialize<Record<string, unknown>>(reg.serialize(node, { references: true }));
    expect(difference(again, node)).toBeUndefined();
  });
});

describe("decode: deep recursion with a safe fallback", () => {
  it("recurses through a few hundred levels: a 900-level chain decodes the same from the top and from deep in the stack", () => {
    const good = reg.serialize(chain(900));
    // A broken node deep down: its issue (with the full path) is the same whichever walk found it.
    const bad = good.replace('"n":850', '"n":"850"');
    let plain = '{"n":899}';
    for (let i = 898; i >= 0; i--) plain = `{"n":${i},"next":${plain}}`;
    const typedLength = (x: unknown) => {
      let k = 0;
      for (let l = x; l instanceof TypedLink; l = l.next) if (l.n === k) k++;
      return k;
    };
    const run = () => [
      outcome(() => chainLength(reg.deserialize(good, Link))),
      outcome(() => reg.deserialize(bad, Link)),
      outcome(() => typedLength(reg.deserialize(plain, TypedLink))),
      outcome(() => reg.deserialize(plain.replace('"n":850', '"n":true'), TypedLink)),
    ];
    const top = run();
    expect((top[0] as { ok: number }).ok).toBe(900);
    expect((top[2] as { ok: number }).ok).toBe(900);
    const issues = (top[1] as { issues: DeserializeError["issues"] }).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual([...Array.from({ length: 850 }, () => "next"), "n"]);
    expect((top[3] as { issues: DeserializeError["issues"] }).issues[0]?.path).toHaveLength(851);
    for (const share of [0.5, 0.75]) expect(withStackUsed(share, run)).toEqual(top);
  });

  it("gives a result or a typed error for a 100,000-level document, never a RangeError, whatever the stack holds", () => {
    const frames = stackFrames();
    const n = 100_000;
    let tagged = '{"$type":"depth.Link","n":0}';
    let plain = '{"n":0}';
    const tail = "}".repeat(n - 1);
    tagged = `${'{"$type":"depth.Link","n":0,"next":'.repeat(n - 1)}${tagged}${tail}`;
    plain = `${'{"n":0,"next":'.repeat(n - 1)}${plain}${tail}`;
    const count = (x: unknown) => {
      let k = 0;
      for (let l = x; l instanceof Link || l instanceof TypedLink; l = l.next) k++;
      return k;
    };
    const run = () => [
      outcome(() => count(reg.deserialize(tagged, Link, { maxDepth: n }))),
      outcome(() => count(reg.deserialize(plain, TypedLink))),
    ];
    const top = run();
    expect(top[0]).toEqual({ ok: n });
    expect((top[1] as { issues: DeserializeError["issues"] }).issues.map((i) => i.code)).toEqual(["depth"]);
    expect(outcome(() => count(reg.deserialize(plain, TypedLink, { maxDepth: n })))).toEqual({ ok: n });
    // With little stack left even the first levels may not fit: then a DeserializeError says so (never a RangeError).
    // (The harness's own recursion has larger frames than the probe in some engines: the deepest share it reaches is used.)
    let started = false;
    let squeezed: Array<{ ok?: number; issues?: DeserializeError["issues"] }> = [];
    for (const share of [0.75, 0.6, 0.5, 0.4, 0.3]) {
      try {
        squeezed = fromDepth(Math.floor(frames * share), () => {
          started = true;
          return run();
        }) as typeof squeezed;
      } catch (e) {
        if (started || !(e instanceof RangeError)) throw e;
        continue;
      }
      break;
    }
    expect(started).toBe(true);
    squeezed.forEach((x, i) => {
      if (x.issues?.[0]?.message.includes("call stack ran out")) expect(x.issues.map((j) => j.code)).toEqual(["depth"]);
      else expect(x).toEqual(top[i]);
    });
  }, 120_000);

  it("reuses its decoder between calls without carrying anything over, and a hook that deserializes gets its own", () => {
    const r = new Registry();
    const inner: unknown[] = [];
    @model({ registry: r, name: "reuse.Leaf" })
    class Leaf {
      @field(Number) accessor v = 0;
    }
    @model({
      registry: r,
      name: "reuse.Outer",
      afterDeserialize: () => {
        inner.push(r.deserialize('{"$type":"reuse.Leaf","v":7}'));
        expect(() => r.deserialize('{"$type":"reuse.Leaf","v":"x"}')).toThrow(/v: expected number/);
      },
    })
    class Outer {
      @field(Leaf) a = new Leaf();
      @field(Leaf) b = new Leaf();
    }
    const bad = '{"$type":"reuse.Outer","a":{"v":"1"},"b":{"v":2}}';
    const good = '{"$type":"reuse.Outer","a":{"v":1},"b":{"v":2}}';
    const first = outcome(() => r.deserialize(bad)) as { issues: DeserializeError["issues"] };
    expect(first.issues.map((i) => i.path)).toEqual([["a", "v"]]);
    const o = r.deserialize(good, Outer);
    expect([o.a.v, o.b.v]).toEqual([1, 2]);
    expect(inner).toHaveLength(1);
    expect((inner[0] as Leaf).v).toBe(7);
    expect(outcome(() => r.deserialize(bad))).toEqual(first);
    expect(r.deserialize(good, Outer).b.v).toBe(2);
  });
});

describe("differential: the iterative walk and the recursion agree", () => {
  it("write the same text and read it back the same way, with and without references", () => {
    fc.assert(
      fc.property(valueGraph, fc.boolean(), (v, references) => {
        for (const r of [reg, plainReg]) {
          const a = r.serialize(v, { references });
          expect(withRecursion(1, () => r.serialize(v, { references }))).toBe(a);
          const back = r.deserialize(a);
          expect(
            difference(
              withRecursion(1, () => r.deserialize(a)),
              back,
            ),
          ).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it("report the same issues, in the same order, for broken documents", () => {
    const broken = fc.letrec<{ doc: unknown }>((tie) => ({
      doc: fc.oneof(
        { depthSize: "small" },
        fc.anything(),
        fc.record(
          {
            $type: fc.constantFrom(
              "test.Point",
              "test.Labelled",
              "test.Box",
              "test.Loose",
              "Map",
              "Set",
              "object",
              "array",
              "ref",
              "Nope",
              "Date",
            ),
            x: tie("doc"),
            y: fc.anything(),
            label: tie("doc"),
            content: tie("doc"),
            a: tie("doc"),
            value: tie("doc"),
            tags_list: tie("doc"),
            $id: fc.constantFrom(0, 1, -1, "x"),
          },
          { requiredKeys: ["$type"] },
        ),
        fc.array(tie("doc"), { maxLength: 3 }),
      ),
    })).doc;
    fc.assert(
      fc.property(broken, (doc) => {
        for (const r of [reg, plainReg]) {
          const rec = outcome(() => r.serialize(r.fromPlain(doc)));
          expect(withRecursion(1, () => outcome(() => r.serialize(r.fromPlain(doc))))).toEqual(rec);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("untagged objects that carry a $version or an $id, past the recursion threshold", () => {
  // Within the recursion limit, an untagged object in a typed position that states an older "$version" is
  // migrated, and one that carries an "$id" binds it for later refs. Past the limit (the typed-input walk)
  // both keys used to be dropped: the old object was read as the current version ("missing required field")
  // and the ref pointed nowhere.
  function family(r: Registry) {
    class Step {
      name = "";
      next: Step | undefined = undefined;
      peer: Step | undefined = undefined;
    }
    defineModel(Step, {
      registry: r,
      name: "untagged.Step",
      version: 2,
      migrate: { 1: (d: Record<string, unknown>) => ({ ...d, name: `was ${String(d.title)}` }) },
      fields: {
        name: field(String),
        next: field({ type: () => Step, optional: true }),
        peer: field({ type: () => Step, optional: true }),
      },
    });
    return { r, Step };
  }
  const families = [family(new Registry()), family(new Registry({ compile: false }))];

  /** A chain of `n` untagged steps; step `old` is written by version 1, step `shared` carries "$id": 0 and the last one refers to it. */
  function doc(n: number, old: number, shared: number): unknown {
    let cur: Record<string, unknown> | undefined;
    for (let i = n - 1; i >= 0; i--) {
      const o: Record<string, unknown> =
        i === old ? { $version: 1, title: `s${i}` } : i === shared ? { $id: 0, name: `s${i}` } : { name: `s${i}` };
      if (i === n - 1) o.peer = { $type: "ref", value: 0 };
      if (cur !== undefined) o.next = cur;
      cur = o;
    }
    return cur;
  }
  function read(r: Registry, d: unknown, Step: Function, options?: { unknownKeys: "reject" }): { names: string[]; peerIsShared: boolean } {
    const steps: { name: string; next?: unknown; peer?: unknown }[] = [];
    for (
      let x = r.fromPlain(d, Step, options) as { name: string; next?: unknown; peer?: unknown } | undefined;
      x !== undefined;
      x = x.next as typeof x
    )
      steps.push(x);
    return { names: steps.map((s) => s.name), peerIsShared: steps.at(-1)?.peer === steps[3] };
  }

  it("migrates the old one and binds the $id at any threshold, compiled and interpreted, from JSON text too", () => {
    for (const { r, Step } of families) {
      const d = doc(24, 12, 3);
      const want = { names: Array.from({ length: 24 }, (_, i) => (i === 12 ? "was s12" : `s${i}`)), peerIsShared: true };
      expect(read(r, d, Step)).toEqual(want);
      for (const n of [1, 2, 8]) expect(withRecursion(n, () => read(r, d, Step))).toEqual(want);
      // "$id" and a current "$version" are the decoder's keys: never unknown ones, at any depth.
      const current = doc(24, -1, 3);
      let fifth = current as Record<string, unknown>;
      for (let k = 0; k < 4; k++) fifth = fifth.next as Record<string, unknown>;
      fifth.$version = 2;
      const names = Array.from({ length: 24 }, (_, i) => `s${i}`);
      for (const n of [1000, 1])
        expect(withRecursion(n, () => read(r, current, Step, { unknownKeys: "reject" }))).toEqual({ names, peerIsShared: true });
      const text = JSON.stringify(d);
      const fromText = withRecursion(1, () => r.deserialize(text, Step)) as { next: { next: { next: { name: string } } } };
      expect(fromText.next.next.next.name).toBe("s3");
    }
  });

  it("reports a newer $version the same way as within the limit", () => {
    for (const { r, Step } of families) {
      const newer = doc(6, 4, 1) as Record<string, unknown>;
      let fifth = newer;
      for (let k = 0; k < 4; k++) fifth = fifth.next as Record<string, unknown>;
      fifth.$version = 9;
      const within = outcome(() => r.fromPlain(newer, Step));
      expect(within).toMatchObject({ error: "DeserializeError" });
      expect(withRecursion(1, () => outcome(() => r.fromPlain(newer, Step)))).toEqual(within);
    }
  });
});

describe("declared positions: one form at every depth", () => {
  // A family of models whose fields declare every kind of position, compiled and interpreted.
  interface Tree {
    n: number;
    at: Date;
    kids: Tree[];
    byName: Map<string, Tree>;
    byTree: Map<Tree, Date>;
    set: Set<Tree>;
    shape: { label: string } | undefined;
    any: unknown;
    next: Tree | undefined;
  }
  function family(r: Registry) {
    class Shape {
      label = "";
    }
    class Circle extends Shape {
      r = 1;
    }
    class Tree {
      n = 0;
      at = new Date(0);
      kids: Tree[] = [];
      byName = new Map<string, Tree>();
      byTree = new Map<Tree, Date>();
      set = new Set<Tree>();
      shape: Shape | undefined = undefined;
      any: unknown = null;
      next: Tree | undefined = undefined;
    }
    defineModel(Shape, { registry: r, name: "form.Shape", discriminator: "kind", fields: { label: field(String) } });
    defineModel(Circle, { registry: r, name: "form.Circle", fields: { r: field(Number) } });
    defineModel(Tree, {
      registry: r,
      name: "form.Tree",
      fields: {
        n: field(Number),
        at: field(Date),
        kids: field(() => [Tree]),
        byName: field({ type: Map, of: [String, () => Tree] }),
        byTree: field({ type: Map, of: [() => Tree, Date] }),
        set: field({ type: Set, of: () => Tree }),
        shape: field({ type: Shape, optional: true }),
        any: field(),
        next: field({ type: () => Tree, optional: true }),
      },
    });
    return { r, Shape, Circle, Tree };
  }
  const families = [family(new Registry()), family(new Registry({ compile: false }))];
  type Family = (typeof families)[number];
  const steps = fc.tuple(
    fc.record({ n: fc.integer({ min: -1e9, max: 1e9 }), at: fc.date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true }) }),
    fc.array(
      fc.record({
        via: fc.constantFrom("kids", "byName", "byTree", "set", "next", "any"),
        shape: fc.constantFrom(undefined, "shape", "circle"),
        any: fc.constantFrom<unknown>(null, [1, "a"], { $type: "x" }, { plain: true }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
  );
  /** A chain of Trees (reaching past the recursion threshold, 16) through every kind of declared position, in turn. */
  function build(f: Family, [first, links]: typeof steps extends fc.Arbitrary<infer S> ? S : never): Tree {
    const make = (i: number): Tree => {
      const t = new f.Tree();
      t.n = first.n + i;
      t.at = new Date(first.at.getTime() + i);
      return t;
    };
    const root = make(0);
    let cur = root;
    links.forEach((step, i) => {
      const next = make(i + 1);
      if (step.shape === "shape") next.shape = Object.assign(new f.Shape(), { label: `s${i}` });
      else if (step.shape === "circle") next.shape = Object.assign(new f.Circle(), { label: `c${i}`, r: i });
      next.any = step.any;
      if (step.via === "kids") cur.kids = [make(-1), next];
      else if (step.via === "byName") cur.byName = new Map([[`k${i}`, next]]);
      else if (step.via === "byTree") cur.byTree = new Map([[next, new Date(i)]]);
      else if (step.via === "set") cur.set = new Set([next]);
      else if (step.via === "any") cur.any = [next];
      else cur.next = next;
      cur = next;
    });
    return root;
  }

  it("writes a declared position untagged past the recursion threshold as above it (same text with any threshold), and reads it back", () => {
    fc.assert(
      fc.property(steps, (s) => {
        for (const f of families) {
          const t = build(f, s);
          for (const tags of ["needed", false] as const) {
            // Plain JSON refuses a model where no type is declared (the `any` link) and a "$type" key: the same error at any threshold.
            const first = outcome(() => f.r.serialize(t, { tags }));
            expect(withRecursion(1, () => outcome(() => f.r.serialize(t, { tags })))).toEqual(first);
            expect(outcome(() => stringifyDeep(f.r.toPlain(t, { tags })))).toEqual(first);
            expect(withRecursion(1, () => outcome(() => stringifyDeep(f.r.toPlain(t, { tags }))))).toEqual(first);
            if (!("ok" in (first as object))) {
              const refused = (l: (typeof s)[1][number]) =>
                l.via === "any" || (typeof l.any === "object" && l.any !== null && "$type" in l.any);
              expect(tags === false && s[1].some(refused)).toBe(true);
              continue;
            }
            const text = (first as { ok: string }).ok;
            expect(difference(f.r.deserialize(text, f.Tree), t)).toBeUndefined();
            expect(
              difference(
                withRecursion(1, () => f.r.deserialize(text, f.Tree)),
                t,
              ),
            ).toBeUndefined();
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("tags a typed chain once, at its root, however long", () => {
    for (const f of families) {
      let head: Tree | undefined;
      for (let i = 0; i < 200; i++) {
        const t = new f.Tree();
        t.n = i;
        t.next = head;
        head = t;
      }
      for (const text of [f.r.serialize(head), withRecursion(1, () => f.r.serialize(head)), JSON.stringify(f.r.toPlain(head))])
        expect(text.split('"$type"')).toHaveLength(2);
    }
  });
});

describe("stringifyDeep", () => {
  it("writes exactly what JSON.stringify writes, for every space argument", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 1, 2, 12, "\t", "--", "0123456789abc"), (v, space) => {
        expect(stringifyDeep(v, space)).toBe(JSON.stringify(v, null, space));
      }),
      { numRuns: 300 },
    );
    const odd = { a: undefined, b: [undefined, () => 1], c: new Date(0), d: { toJSON: () => "t" }, e: { f: [] }, g: {} };
    for (const space of [undefined, 2]) expect(stringifyDeep(odd, space)).toBe(JSON.stringify(odd, null, space));
    expect(stringifyDeep(undefined)).toBeUndefined();
  });
});
