/**
 * Untagged objects in model positions (a field or an array element typed
 * with a model class): the decoder reads the usual case — a plain object
 * without "$type", "$id" or "$version", a class without registered
 * subclasses — in one step. Everything it does must be what the general
 * path does: the same instances, the same issues in the same order, hooks,
 * readonly members, construction failures, versions, strict models and
 * unknown keys (`decodeShortcuts.untagged = false` sends every object
 * down the general path). The same holds for tagged models, which the
 * decoder also reads in one step when they carry no "$id" and need no
 * migration (`decodeShortcuts.tagged = false`: the general path).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { finite, integer, nonNegative, readonly } from "../../src/descriptors/index.js";
import { DecorumError, type DeserializeError } from "../../src/errors.js";
import { decodeShortcuts } from "../../src/registry/decode.js";
import { field, model, Registry } from "../../src/registry/index.js";

/** Runs `fn` with every model object (untagged in a model position, or tagged) read by the general path. */
function general<T>(fn: () => T): T {
  decodeShortcuts.untagged = false;
  decodeShortcuts.tagged = false;
  try {
    return fn();
  } finally {
    decodeShortcuts.untagged = true;
    decodeShortcuts.tagged = true;
  }
}

function define(compile: boolean) {
  const registry = new Registry({ compile });
  const state = { boom: false, hooks: 0 };

  @model({
    registry,
    name: "untagged.Leaf",
    afterDeserialize: (l: Leaf) => {
      state.hooks++;
      if (l.amount === 13) throw new Error("unlucky");
    },
  })
  class Leaf {
    @field(Number) @finite accessor amount = 0;
    @field({ type: String, optional: true }) note: string | undefined = undefined;
    @field({ type: Number, default: 7 }) @integer accessor count = 1;
  }

  @model({
    registry,
    name: "untagged.Sealed",
    afterDeserialize: (s: Sealed) => {
      state.hooks++;
      if (s.code === "hook") throw new Error("hook refused");
    },
  })
  class Sealed {
    @field(String) @readonly accessor code = "";
  }

  @model({ registry, name: "untagged.Versioned", version: 2, migrate: { 1: (d) => ({ total: d.sum }) } })
  class Versioned {
    @field(Number) @nonNegative accessor total = 0;
  }

  @model({ registry, name: "untagged.Strict", strict: true })
  class Strict {
    @field(Number) accessor n = 0;
  }

  @model({ registry, name: "untagged.Fragile" })
  class Fragile {
    @field(Number) accessor n = 0;
    constructor() {
      if (state.boom) throw new Error("constructor refused");
    }
  }

  @model({ registry, name: "untagged.Node" })
  class Node {
    @field(Number) @integer @nonNegative accessor id = 0;
    @field({ type: String, optional: true }) label = "";
    @field({ type: [Leaf], optional: true }) leaves: Leaf[] = [];
    @field({ type: Sealed, optional: true }) sealed: Sealed | undefined = undefined;
    @field({ type: Versioned, optional: true }) versioned: Versioned | undefined = undefined;
    @field({ type: Strict, optional: true }) strict: Strict | undefined = undefined;
    @field({ type: Fragile, optional: true }) fragile: Fragile | undefined = undefined;
    @field({ type: () => Node, optional: true }) next: Node | undefined = undefined;
  }

  return { registry, state, Node, Leaf, Sealed };
}

const models = [define(true), define(false)];

function outcome(fn: () => unknown): unknown {
  try {
    return { ok: fn() };
  } catch (e) {
    if (!(e instanceof DecorumError)) throw e;
    return { error: e.constructor.name, message: e.message, issues: (e as DeserializeError).issues };
  }
}

/** Mostly good values (so that most objects reach their hooks and nested models), sometimes a bad one. */
const number = fc.oneof(
  { arbitrary: fc.nat(50), weight: 6 },
  fc.constantFrom(-1, 1.5, 13, Number.NaN, Number.POSITIVE_INFINITY, "7", null),
);
const text = fc.oneof({ arbitrary: fc.string({ maxLength: 3 }), weight: 6 }, fc.constant(3));
/** A value in one case out of six, else `undefined` (a key that sends an object down the general path, or that no model has). */
const rare = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: a, weight: 1 });
/** A value in five cases out of six, else `undefined` (a missing field). */
const often = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 6 });
const meta = {
  $id: rare(fc.constantFrom(0, 1, 2, -1)),
  $version: rare(fc.constantFrom(1, 2, 3, "2")),
  $type: rare(fc.constantFrom("untagged.Leaf", "Nope")),
  extra: rare(fc.nat()),
};
/** Drops the keys whose value is `undefined` (absent, not present as undefined). */
const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const leaf = fc.record({ amount: often(number), note: often(text), count: rare(number), ...meta }).map(clean);
const doc = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc
      .record({
        id: number,
        label: often(text),
        leaves: often(
          fc.oneof(
            {
              arbitrary: fc.array(fc.oneof({ arbitrary: leaf, weight: 8 }, fc.constant(null), fc.constant([1])), { maxLength: 3 }),
              weight: 8,
            },
            fc.constant("none"),
          ),
        ),
        sealed: often(fc.record({ code: fc.constantFrom("a", "hook", 3) })),
        versioned: often(fc.record({ total: number, sum: number, $version: fc.constantFrom(1, 2, 3) }, { requiredKeys: ["total"] })),
        strict: often(fc.record({ n: number, other: rare(fc.nat()) }).map(clean)),
        fragile: often(fc.record({ n: number })),
        next: often(tie("node")),
        ...meta,
      })
      .map(clean),
    fc.constant(null),
  ),
})).node;

/** The document with a `"$type"` on every object of a model position (keeping one it has): the tagged wire format. */
function tagged(d: unknown, name = "untagged.Node"): unknown {
  if (d === null || typeof d !== "object" || Array.isArray(d)) return d;
  const o = d as Record<string, unknown>;
  const out: Record<string, unknown> = { $type: name, ...o };
  if (name !== "untagged.Node") return out;
  if (Array.isArray(o.leaves)) out.leaves = o.leaves.map((l) => tagged(l, "untagged.Leaf"));
  for (const [k, n] of [
    ["sealed", "Sealed"],
    ["versioned", "Versioned"],
    ["strict", "Strict"],
    ["fragile", "Fragile"],
  ] as const)
    if (o[k] !== undefined) out[k] = tagged(o[k], `untagged.${n}`);
  if (o.next !== undefined) out.next = tagged(o.next);
  return out;
}

describe("untagged objects in model positions", () => {
  it("decode as the general path decodes them: same instances, same issues in the same order", () => {
    fc.assert(
      fc.property(
        doc,
        fc.boolean(),
        fc.constantFrom(undefined, "strip", "reject"),
        fc.constantFrom(undefined, 2),
        (d, boom, unknownKeys, maxIssues) => {
          for (const m of models) {
            m.state.boom = boom;
            const read = () => m.registry.serialize(m.registry.fromPlain(d, m.Node, { unknownKeys, maxIssues }));
            const start = m.state.hooks;
            const fast = outcome(read);
            const hooks = m.state.hooks - start;
            expect(general(() => outcome(read))).toEqual(fast);
            // The hooks ran as often in both (none of them twice, none skipped).
            expect(m.state.hooks - start - hooks).toBe(hooks);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("tagged models decode as the general path decodes them: same instances, same issues in the same order", () => {
    fc.assert(
      fc.property(doc, fc.boolean(), fc.constantFrom(undefined, 2), (d, boom, maxIssues) => {
        const t = tagged(d);
        for (const m of models) {
          m.state.boom = boom;
          for (const expected of [undefined, m.Node]) {
            const read = () => m.registry.serialize(m.registry.fromPlain(t, expected, { maxIssues }));
            const start = m.state.hooks;
            const fast = outcome(read);
            const hooks = m.state.hooks - start;
            expect(general(() => outcome(read))).toEqual(fast);
            expect(m.state.hooks - start - hooks).toBe(hooks);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  for (const m of models)
    it(`report a bad value deep in a chain at its path, run every hook and seal readonly members (${m === models[0] ? "compiled" : "interpreted"})`, () => {
      m.state.boom = false;
      const chain = { id: 0, next: { id: 1, next: { id: -2, label: "c", leaves: [{ amount: 1 }, { amount: "x" }] } } };
      const error = outcome(() => m.registry.fromPlain(chain, m.Node)) as { issues: unknown[] };
      expect(error.issues).toEqual([
        expect.objectContaining({ path: ["next", "next", "id"], code: "nonNegative" }),
        expect.objectContaining({ path: ["next", "next", "leaves", 1, "amount"], code: "type" }),
      ]);
      const before = m.state.hooks;
      const ok = m.registry.fromPlain({ id: 0, next: { id: 1, sealed: { code: "s" }, leaves: [{ amount: 2 }] } }, m.Node);
      expect(m.state.hooks - before).toBe(2);
      const sealed = ok.next?.sealed as InstanceType<typeof m.Sealed>;
      expect(sealed).toBeInstanceOf(m.Sealed);
      expect(sealed.code).toBe("s");
      expect(() => {
        sealed.code = "t";
      }).toThrow(/read-only/);
      expect(ok.next?.leaves[0]).toBeInstanceOf(m.Leaf);
      expect(ok.next?.leaves[0]?.count).toBe(7);
      expect(outcome(() => m.registry.fromPlain({ id: 0, next: { id: 1, sealed: { code: "hook" } } }, m.Node))).toMatchObject({
        issues: [{ path: ["next", "sealed"], code: "hook", message: "afterDeserialize of untagged.Sealed failed: hook refused" }],
      });
      m.state.boom = true;
      expect(outcome(() => m.registry.fromPlain({ id: 0, next: { id: 1, fragile: { n: 1 } } }, m.Node))).toMatchObject({
        issues: [{ path: ["next", "fragile"], code: "construct", message: "constructing untagged.Fragile failed: constructor refused" }],
      });
      m.state.boom = false;
    });
});
