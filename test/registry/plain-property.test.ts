/**
 * Property: for models generated at test time (typed fields of every kind
 * typed plain JSON supports, nested models, arrays of models, Maps and Sets
 * with element types, optional fields, a discriminated hierarchy), each of
 * the three output forms — the default (tags only where needed),
 * `tags: "all"` and plain JSON (`tags: false`) — reads back as `x` exactly,
 * and compiled and interpreted codecs write the same text and read it back
 * alike.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecorumError } from "../../src/errors.js";
import { defineModel, type FieldType, field, Registry } from "../../src/registry/index.js";
import { difference } from "../fixtures/registry/exact.js";

type Kind =
  | {
      readonly t:
        | "number"
        | "string"
        | "boolean"
        | "bigint"
        | "date"
        | "map"
        | "set"
        | "numbers"
        | "dates"
        | "shape"
        | "dateMap"
        | "dateSet";
    }
  | { readonly t: "model" | "models"; readonly m: ModelSpec };
interface FieldSpec {
  readonly name: string;
  readonly kind: Kind;
  readonly optional: boolean;
}
interface ModelSpec {
  readonly fields: readonly FieldSpec[];
}

const LEAVES = ["number", "string", "boolean", "bigint", "date", "map", "set", "numbers", "dates", "shape", "dateMap", "dateSet"] as const;

const specs = fc.letrec<{ model: ModelSpec; field: FieldSpec; kind: Kind }>((tie) => ({
  model: fc.record({
    fields: fc.uniqueArray(tie("field"), { selector: (f) => f.name, minLength: 1, maxLength: 4 }),
  }),
  field: fc.record({
    name: fc.constantFrom("a", "b", "c", "value", "0", "x y"),
    kind: tie("kind"),
    optional: fc.boolean(),
  }),
  kind: fc.oneof(
    { maxDepth: 2, depthIdentifier: "model" },
    fc.constantFrom(...LEAVES).map((t) => ({ t })),
    tie("model").map((m) => ({ t: "model" as const, m })),
    tie("model").map((m) => ({ t: "models" as const, m })),
  ),
}));

const prim = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
const num = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
const date = fc.date({ noInvalidDate: true });

/** A value of `kind`, as a recipe: built into instances of a given registry's classes by `build`. */
interface Recipe {
  readonly model: ModelSpec;
  readonly values: ReadonlyMap<string, unknown>;
}

function arbitraryOf(kind: Kind): fc.Arbitrary<unknown> {
  switch (kind.t) {
    case "number":
      return num;
    case "string":
      return fc.string();
    case "boolean":
      return fc.boolean();
    case "bigint":
      return fc.bigInt();
    case "date":
      return date;
    case "map":
      return fc.oneof(
        fc.uniqueArray(fc.tuple(fc.string(), prim), { selector: (e) => e[0], maxLength: 3 }),
        fc.uniqueArray(fc.tuple(fc.integer(), prim), { selector: (e) => e[0], maxLength: 3 }),
      );
    case "set":
      return fc.uniqueArray(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 });
    case "dateMap":
      return fc.uniqueArray(fc.tuple(fc.string(), date), { selector: (e) => e[0], maxLength: 3 });
    case "dateSet":
      return fc.uniqueArray(date, { selector: (d) => d.getTime(), maxLength: 3 });
    case "numbers":
      return fc.array(num, { maxLength: 3 });
    case "dates":
      return fc.array(date, { maxLength: 3 });
    case "shape":
      return fc.record({ shape: fc.constantFrom("circle" as const, "square" as const), n: num });
    case "model":
      return recipeOf(kind.m);
    case "models":
      return fc.array(recipeOf(kind.m), { maxLength: 2 });
  }
}

function recipeOf(m: ModelSpec): fc.Arbitrary<Recipe> {
  const entries = m.fields.map((f) => {
    const v = arbitraryOf(f.kind);
    return f.optional ? fc.oneof(fc.constant(undefined), fc.constant(null), v) : v;
  });
  return fc.tuple(...entries).map((vals) => ({ model: m, values: new Map(m.fields.map((f, i) => [f.name, vals[i]])) }));
}

/** Defines the classes of `root` (and the shapes) on `reg`. */
function classes(reg: Registry, root: ModelSpec) {
  const Shape = defineModel(class Shape {}, { registry: reg, name: "gen.Shape", discriminator: "kind", fields: { label: field(String) } });
  const Circle = defineModel(class Circle extends Shape {}, {
    registry: reg,
    name: "gen.Circle",
    discriminatorValue: "circle",
    fields: { r: field(Number) },
  });
  const Square = defineModel(class Square extends Shape {}, { registry: reg, name: "gen.Square", fields: { side: field(Number) } });
  const made = new Map<ModelSpec, new () => Record<string, unknown>>();
  let n = 0;
  const optionsOf = (k: Kind): { type: FieldType; of?: FieldType | readonly [FieldType, FieldType] } => {
    if (k.t === "dateMap") return { type: Map, of: [String, Date] };
    if (k.t === "dateSet") return { type: Set, of: Date };
    return { type: typeOf(k) };
  };
  const typeOf = (k: Kind): FieldType => {
    switch (k.t) {
      case "number":
        return Number;
      case "string":
        return String;
      case "boolean":
        return Boolean;
      case "bigint":
        return BigInt;
      case "date":
        return Date;
      case "map":
      case "dateMap":
        return Map;
      case "set":
      case "dateSet":
        return Set;
      case "numbers":
        return [Number];
      case "dates":
        return [Date];
      case "shape":
        return Shape;
      case "model":
        return define(k.m);
      case "models":
        return [define(k.m)];
    }
  };
  const define = (m: ModelSpec): (new () => Record<string, unknown>) => {
    const had = made.get(m);
    if (had) return had;
    const fields: Record<string, unknown> = {};
    for (const f of m.fields)
      Object.defineProperty(fields, f.name, { value: field({ ...optionsOf(f.kind), optional: f.optional }), enumerable: true });
    const C = defineModel(class Generated {}, {
      registry: reg,
      name: `gen.M${n++}`,
      fields: fields as never,
    }) as unknown as new () => Record<string, unknown>;
    made.set(m, C);
    return C;
  };
  const Root = define(root);
  const build = (kind: Kind, v: unknown): unknown => {
    if (v === null || v === undefined) return v;
    switch (kind.t) {
      case "map":
      case "dateMap":
        return new Map(v as Array<[unknown, unknown]>);
      case "set":
      case "dateSet":
        return new Set(v as unknown[]);
      case "numbers":
      case "dates":
        return [...(v as unknown[])];
      case "shape": {
        const r = v as { shape: string; n: number };
        const s = (r.shape === "circle" ? new Circle() : new Square()) as Record<string, unknown>;
        s.label = "x";
        s[r.shape === "circle" ? "r" : "side"] = r.n;
        return s;
      }
      case "model":
        return instance(v as Recipe);
      case "models":
        return (v as Array<Recipe>).map(instance);
      default:
        return v;
    }
  };
  const instance = (r: Recipe): Record<string, unknown> => {
    const C = define(r.model);
    const o = new C();
    for (const f of r.model.fields) {
      const v = r.values.get(f.name);
      if (v !== undefined) o[f.name] = build(f.kind, v);
    }
    return o;
  };
  return { Root, instance };
}

const cases = specs.model.chain((m) => fc.tuple(fc.constant(m), recipeOf(m)));

describe("property: plain JSON round-trips", () => {
  it("fromPlain(toPlain(x, { tags: false }), Class) rebuilds x; compiled and interpreted agree", () => {
    fc.assert(
      fc.property(cases, ([spec, recipe]) => {
        const compiled = new Registry();
        const interpreted = new Registry({ compile: false });
        const c = classes(compiled, spec);
        const i = classes(interpreted, spec);
        const x = c.instance(recipe as Recipe);
        const plain = compiled.toPlain(x, { tags: false });
        expect(JSON.stringify(plain)).not.toContain('"$type"');
        expect(difference(compiled.fromPlain(plain, c.Root), x)).toBeUndefined();
        const text = compiled.serialize(x, { tags: false });
        expect(difference(compiled.deserialize(text, c.Root), x)).toBeUndefined();
        // The same model on the interpreter: the same text, the same instance.
        const y = i.instance(recipe as Recipe);
        expect(interpreted.serialize(y, { tags: false })).toBe(text);
        expect(difference(interpreted.deserialize(text, i.Root), y)).toBeUndefined();
        // The tagged forms: tags only where needed (the default) and everywhere, read with or without the class.
        for (const tags of ["needed", "all"] as const) {
          const tagged = compiled.serialize(x, { tags });
          expect(difference(compiled.deserialize(tagged, c.Root), x)).toBeUndefined();
          expect(difference(compiled.deserialize(tagged), x)).toBeUndefined();
          expect(interpreted.serialize(y, { tags })).toBe(tagged);
          expect(difference(interpreted.deserialize(tagged), y)).toBeUndefined();
        }
        // The default form tags nothing but its root and the discriminated shapes (whose base has subclasses).
        const needed = compiled.toPlain(x) as Record<string, unknown>;
        expect(needed.$type).toBe(compiled.nameOf(c.Root));
        const rootTag = `"$type":"${compiled.nameOf(c.Root)}"`;
        const tags = JSON.stringify(needed).match(/"\$type":"[^"]*"/g) ?? [];
        expect(tags.filter((t) => t === rootTag)).toHaveLength(1);
        for (const t of tags) if (t !== rootTag) expect(t).toMatch(/gen\.(Circle|Square)/);
      }),
      { numRuns: 150 },
    );
    // Five forms per case: more than the default timeout on a loaded machine.
  }, 120_000);

  it("compiled and interpreted codecs report the same issues for broken plain documents", () => {
    const broken = specs.model.chain((m) =>
      fc.tuple(fc.constant(m), fc.dictionary(fc.constantFrom("a", "b", "c", "value", "zz"), fc.anything())),
    );
    fc.assert(
      fc.property(broken, ([spec, doc]) => {
        const run = (r: Registry) => {
          const { Root } = classes(r, spec);
          try {
            return { ok: r.serialize(r.fromPlain(doc, Root), { tags: false }) };
          } catch (e) {
            if (!(e instanceof DecorumError)) throw e;
            return { error: e.message };
          }
        };
        expect(run(new Registry({ compile: false }))).toEqual(run(new Registry()));
      }),
      { numRuns: 150 },
    );
  });
});
