/**
 * `toJSONSchema`: a differential test against ajv (draft 2020-12, strict
 * mode, ajv-formats for `date-time`). For generated valid model instances
 * ajv accepts the plain output (`toPlain(x, { tags: false })`) against the
 * `tags: false` schema and the tagged output (`toPlain(x)`, and the text of
 * `serialize(x)`) against the `tags: true` schema; for generated documents
 * that break one expressible rule, ajv and decorum both reject. Plus the
 * shapes of the built-in validators, descriptions of what JSON Schema cannot
 * say, and the draft-07 and OpenAPI 3.0 dialects.
 */
import { Ajv as AjvDraft7 } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { descriptorMembers, integer, length, nonNegative, oneOf, pattern, positive, range, validate } from "../../src/descriptors/index.js";
import { DeserializeError } from "../../src/errors.js";
import { field, model, Registry, toJSONSchema } from "../../src/registry/index.js";

// ajv-formats is CommonJS: its plugin is the module itself (or its default, depending on the loader).
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (ajv: object) => void;
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema trees are read loosely in the assertions
type Loose = any;

const reg = new Registry();

@model({ registry: reg, name: "js.LineItem" })
class LineItem {
  @pattern(/^[A-Z]{3}-\d{2}$/) @field(String) accessor sku = "ABC-01";
  @positive @field(Number) accessor price = 1;
  @integer @range(1, 99) @field(Number) accessor qty = 1;
}

@model({ registry: reg, name: "js.Shape", discriminator: "kind" })
class Shape {
  @field(String) accessor label = "";
}

@model({ registry: reg, name: "js.Circle", discriminatorValue: "circle" })
class Circle extends Shape {
  @nonNegative @field(Number) accessor r = 1;
}

@model({ registry: reg, name: "js.Square", discriminatorValue: "square" })
class Square extends Shape {
  @field(Number) accessor side = 1;
}

@model({ registry: reg, name: "js.Order" })
class Order {
  @length(1, 12) @field(String) accessor id = "A";
  @field(Date) accessor placed = new Date(0);
  @field([LineItem]) accessor lines: LineItem[] = [];
  @oneOf("open", "paid") @field(String) accessor status = "open";
  @field(Set) accessor tags = new Set<string>();
  @field(Map) accessor meta = new Map<string, string>();
  @field({ type: Map, of: [String, Number] }) accessor prices = new Map<string, number>();
  @field({ type: Map, of: [Number, Date] }) accessor byDay = new Map<number, Date>();
  @field({ type: Set, of: String }) accessor labels = new Set<string>();
  @field({ type: Set, of: LineItem }) accessor extras = new Set<LineItem>();
  @positive @field(BigInt) accessor cents = 1n;
  @field({ type: String, optional: true }) accessor note: string | undefined = undefined;
  @field({ type: Number, default: 0 }) accessor discount = 0;
  @field([Shape]) accessor shapes: Shape[] = [];
  @validate((v: number) => v % 2 === 0, "must be even") @field(Number) accessor even = 0;
  @field(Boolean) accessor gift = false;
  @field() accessor extra: unknown = null;
}

@model({ registry: reg, name: "js.Strict", unknownKeys: "reject" })
class Strict {
  @field(String) accessor a = "";
}

@model({ registry: reg, name: "js.Animal" })
class Animal {
  @field(String) accessor name = "";
}

@model({ registry: reg, name: "js.Dog" })
class Dog extends Animal {}

@model({ registry: reg, name: "js.Zoo" })
class Zoo {
  @field(Animal) accessor star: Animal = new Animal();
}

@model({ registry: reg, name: "js.Tree" })
class Tree {
  @field(String) accessor label = "";
  @field(() => [Tree]) accessor children: Tree[] = [];
}

@model({ registry: reg, name: "js.Reading", version: 2, migrate: { 1: (d) => d } })
class Reading {
  @field(Number) accessor any = 0;
  @positive @field(Number) accessor pos = 1;
  @integer @field(Number) accessor whole = 0;
}

function ajv2020() {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const plainSchema = toJSONSchema(Order, { registry: reg });
const taggedSchema = toJSONSchema(Order, { registry: reg, tags: true });
const checkPlain = ajv2020().compile(plainSchema);
const checkTagged = ajv2020().compile(taggedSchema);

const skuArb = fc
  .tuple(fc.stringMatching(/^[A-Z]{3}$/), fc.integer({ min: 0, max: 99 }))
  .map(([a, n]) => `${a}-${String(n).padStart(2, "0")}`);
const itemArb = fc.record({
  sku: skuArb,
  price: fc.double({ min: 0.001, max: 1e9, noNaN: true }),
  qty: fc.integer({ min: 1, max: 99 }),
});
const shapeArb = fc.oneof(
  fc.record({ kind: fc.constant("circle"), label: fc.string(), r: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
  fc.record({ kind: fc.constant("square"), label: fc.string(), side: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
  fc.record({ kind: fc.constant("base"), label: fc.string() }),
);
const dateArb = fc.date({ min: new Date(-62_000_000_000_000), max: new Date(250_000_000_000_000), noInvalidDate: true });
const jsonArb = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"$type"'));
const orderArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 12 }),
  placed: dateArb,
  lines: fc.array(itemArb, { maxLength: 4 }),
  status: fc.constantFrom("open", "paid"),
  tags: fc.uniqueArray(fc.string(), { maxLength: 4 }),
  meta: fc.dictionary(
    fc.string().filter((k) => k !== "$type" && k !== "__proto__"),
    fc.string(),
    { maxKeys: 4 },
  ),
  cents: fc.bigInt({ min: 1n, max: 10n ** 30n }),
  prices: fc.dictionary(
    fc.string().filter((k) => k !== "$type" && k !== "__proto__"),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    { maxKeys: 4 },
  ),
  byDay: fc.array(fc.tuple(fc.integer(), dateArb), { maxLength: 3 }),
  labels: fc.uniqueArray(fc.string(), { maxLength: 4 }),
  extras: fc.array(itemArb, { maxLength: 2 }),
  note: fc.option(fc.string(), { nil: undefined }),
  discount: fc.double({ noNaN: true, noDefaultInfinity: true }),
  shapes: fc.array(shapeArb, { maxLength: 3 }),
  even: fc.integer({ min: -1000, max: 1000 }).map((n) => n * 2),
  gift: fc.boolean(),
  extra: jsonArb,
});

type Spec = typeof orderArb extends fc.Arbitrary<infer R> ? R : never;

function build(spec: Spec): Order {
  const o = new Order();
  o.id = spec.id;
  o.placed = spec.placed;
  o.lines = spec.lines.map((l) => Object.assign(new LineItem(), l));
  o.status = spec.status;
  o.tags = new Set(spec.tags);
  o.meta = new Map(Object.entries(spec.meta));
  o.cents = spec.cents;
  o.prices = new Map(Object.entries(spec.prices));
  o.byDay = new Map(spec.byDay);
  o.labels = new Set(spec.labels);
  o.extras = new Set(spec.extras.map((l) => Object.assign(new LineItem(), l)));
  o.note = spec.note;
  o.discount = spec.discount;
  o.shapes = spec.shapes.map(({ kind, ...rest }) =>
    Object.assign(kind === "circle" ? new Circle() : kind === "square" ? new Square() : new Shape(), rest),
  );
  o.even = spec.even;
  o.gift = spec.gift;
  o.extra = spec.extra;
  return o;
}

function decorumRejects(doc: unknown): boolean {
  try {
    reg.fromPlain(doc, Order);
    return false;
  } catch (e) {
    if (!(e instanceof DeserializeError)) throw e;
    return true;
  }
}

describe("toJSONSchema against ajv (draft 2020-12, strict)", () => {
  it("accepts the plain and the tagged output of generated valid instances", () => {
    fc.assert(
      fc.property(orderArb, (spec) => {
        const x = build(spec);
        const plain = reg.toPlain(x, { tags: false });
        expect(checkPlain(plain), JSON.stringify(checkPlain.errors)).toBe(true);
        expect(reg.fromPlain(plain, Order)).toBeInstanceOf(Order);
        const tagged = reg.toPlain(x);
        expect(checkTagged(tagged), JSON.stringify(checkTagged.errors)).toBe(true);
        expect(checkTagged(JSON.parse(reg.serialize(x))), JSON.stringify(checkTagged.errors)).toBe(true);
        // The tagged schema describes the plain form too (both are read by decode).
        expect(checkTagged(plain), JSON.stringify(checkTagged.errors)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  type Doc = Record<string, unknown> & { lines: Array<Record<string, unknown>>; shapes: Array<Record<string, unknown>> };
  const breaks: Array<[string, (d: Doc) => void]> = [
    [
      "negative price",
      (d) => {
        (d.lines[0] as Record<string, unknown>).price = -1;
      },
    ],
    [
      "zero price",
      (d) => {
        (d.lines[0] as Record<string, unknown>).price = 0;
      },
    ],
    [
      "fractional qty",
      (d) => {
        (d.lines[0] as Record<string, unknown>).qty = 1.5;
      },
    ],
    [
      "qty out of range",
      (d) => {
        (d.lines[0] as Record<string, unknown>).qty = 100;
      },
    ],
    [
      "sku pattern",
      (d) => {
        (d.lines[0] as Record<string, unknown>).sku = "abc-01";
      },
    ],
    [
      "item missing sku",
      (d) => {
        delete (d.lines[0] as Record<string, unknown>).sku;
      },
    ],
    [
      "id wrong type",
      (d) => {
        d.id = 7;
      },
    ],
    [
      "id too short",
      (d) => {
        d.id = "";
      },
    ],
    [
      "id too long",
      (d) => {
        d.id = "x".repeat(13);
      },
    ],
    [
      "id missing",
      (d) => {
        delete d.id;
      },
    ],
    [
      "placed missing",
      (d) => {
        delete d.placed;
      },
    ],
    [
      "placed Feb 30",
      (d) => {
        d.placed = "2024-02-30T10:00:00.000Z";
      },
    ],
    [
      "placed words",
      (d) => {
        d.placed = "Tue Dec 01 2026";
      },
    ],
    [
      "placed number",
      (d) => {
        d.placed = 0;
      },
    ],
    [
      "status enum",
      (d) => {
        d.status = "closed";
      },
    ],
    [
      "tags not array",
      (d) => {
        d.tags = "gift";
      },
    ],
    [
      "lines not array",
      (d) => {
        (d as Record<string, unknown>).lines = {};
      },
    ],
    [
      "cents not integer",
      (d) => {
        d.cents = "12.5";
      },
    ],
    [
      "cents not positive",
      (d) => {
        d.cents = "0";
      },
    ],
    [
      "cents negative number",
      (d) => {
        d.cents = -3;
      },
    ],
    [
      "cents unsafe number",
      (d) => {
        d.cents = 2 ** 60;
      },
    ],
    [
      "note wrong type",
      (d) => {
        d.note = 5;
      },
    ],
    [
      "discount null",
      (d) => {
        d.discount = null;
      },
    ],
    [
      "gift wrong type",
      (d) => {
        d.gift = "yes";
      },
    ],
    [
      "shape kind unknown",
      (d) => {
        d.shapes[0] = { kind: "hexagon", label: "" };
      },
    ],
    [
      "shape kind missing",
      (d) => {
        d.shapes[0] = { label: "" };
      },
    ],
    [
      "circle negative r",
      (d) => {
        d.shapes[0] = { kind: "circle", label: "", r: -1 };
      },
    ],
    [
      "typed Map value of the wrong type",
      (d) => {
        d.prices = { pen: "cheap" };
      },
    ],
    [
      "typed Map value of the wrong type, as pairs",
      (d) => {
        d.prices = [["pen", true]];
      },
    ],
    [
      "Map with number keys given as an object",
      (d) => {
        d.byDay = { "1": "2024-01-01T00:00:00.000Z" };
      },
    ],
    [
      "Map with a bad date value",
      (d) => {
        d.byDay = [[1, "2024-13-01T00:00:00.000Z"]];
      },
    ],
    [
      "Map with a key of the wrong type",
      (d) => {
        d.byDay = [["1", "2024-01-01T00:00:00.000Z"]];
      },
    ],
    [
      "typed Set with a repeated element",
      (d) => {
        d.labels = ["a", "a"];
      },
    ],
    [
      "typed Set with an element of the wrong type",
      (d) => {
        d.labels = ["a", 1];
      },
    ],
    [
      "Set of models with a broken element",
      (d) => {
        d.extras = [{ sku: "ABC-01", price: -1, qty: 1 }];
      },
    ],
    [
      "meta entry not a pair",
      (d) => {
        d.meta = [["a"]];
      },
    ],
  ];

  it("rejects, as decorum does, documents that break one expressible rule", () => {
    fc.assert(
      fc.property(orderArb, fc.constantFrom(...breaks), (spec, [, breakIt]) => {
        if (spec.lines.length === 0) spec.lines.push({ sku: "ABC-01", price: 1, qty: 1 });
        if (spec.shapes.length === 0) spec.shapes.push({ kind: "base", label: "" });
        const doc = reg.toPlain(build(spec), { tags: false }) as Doc;
        breakIt(doc);
        expect(checkPlain(doc)).toBe(false);
        expect(checkTagged(doc)).toBe(false);
        expect(decorumRejects(doc)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("each broken document is also refused on its own (every rule is exercised)", () => {
    const base = reg.toPlain(build(fc.sample(orderArb, { numRuns: 1, seed: 7 })[0] as never), { tags: false }) as Doc;
    base.lines = [{ sku: "ABC-01", price: 1, qty: 1 }];
    base.shapes = [{ kind: "circle", label: "", r: 1 }];
    expect(checkPlain(base), JSON.stringify(checkPlain.errors)).toBe(true);
    for (const [name, breakIt] of breaks) {
      const doc = structuredClone(base);
      breakIt(doc);
      expect([name, checkPlain(doc), checkTagged(doc), decorumRejects(doc)]).toEqual([name, false, false, true]);
    }
  });

  it("unknownKeys reject gives additionalProperties: false, and ajv agrees with decorum", () => {
    const s = toJSONSchema(Strict, { registry: reg });
    expect(s.additionalProperties).toBe(false);
    const check = ajv2020().compile(s);
    expect(check({ a: "x" })).toBe(true);
    expect(check({ a: "x", b: 1 })).toBe(false);
    expect(() => reg.fromPlain({ a: "x", b: 1 }, Strict)).toThrow(DeserializeError);
    // The call's option wins, as for fromPlain.
    expect(toJSONSchema(Strict, { registry: reg, unknownKeys: "strip" }).additionalProperties).toBeUndefined();
    expect(toJSONSchema(Order, { registry: reg, unknownKeys: "reject" }).additionalProperties).toBe(false);
  });
});

describe("toJSONSchema shapes", () => {
  const defs = plainSchema.$defs as Record<string, Record<string, Loose>>;

  it("describes the root inline and nested models as $defs references", () => {
    expect(plainSchema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(plainSchema.type).toBe("object");
    expect(plainSchema.title).toBe("Order");
    const props = plainSchema.properties as Record<string, Loose>;
    expect(props.lines).toEqual({ type: "array", items: { $ref: "#/$defs/js.LineItem" } });
    expect(plainSchema.required).toEqual([
      "id",
      "placed",
      "lines",
      "status",
      "tags",
      "meta",
      "prices",
      "byDay",
      "labels",
      "extras",
      "cents",
      "shapes",
      "even",
      "gift",
      "extra",
    ]);
    expect(plainSchema.required).not.toContain("note"); // optional
    expect(plainSchema.required).not.toContain("discount"); // has a default
    expect(props.note).toEqual({ type: ["string", "null"] });
    expect(props.placed).toMatchObject({ type: "string", format: "date-time" });
    expect(props.extra).toEqual({});
  });

  it("maps the built-in validators to keywords", () => {
    const item = defs["js.LineItem"]?.properties;
    expect(item.price).toEqual({ type: "number", exclusiveMinimum: 0 });
    expect(item.qty).toEqual({ type: "integer", minimum: 1, maximum: 99 });
    expect(item.sku).toEqual({ type: "string", pattern: "^[A-Z]{3}-\\d{2}$" });
    const props = plainSchema.properties as Record<string, Loose>;
    expect(props.status).toEqual({ type: "string", enum: ["open", "paid"] });
    expect(props.id).toMatchObject({ type: "string", minLength: 1, maxLength: 12 });
    expect(props.cents.anyOf).toEqual([
      { type: "string", pattern: "^0*[1-9][0-9]*$" },
      { type: "integer", exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    ]);
  });

  it("describes Map and Set element types (of:)", () => {
    const props = plainSchema.properties as Record<string, Loose>;
    expect(props.prices.anyOf).toEqual([
      { type: "object", propertyNames: { not: { const: "$type" } }, additionalProperties: { type: "number" } },
      { type: "array", items: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], minItems: 2, maxItems: 2 } },
    ]);
    // Keys other than strings: pairs only.
    expect(props.byDay.anyOf).toBeUndefined();
    expect(props.byDay.items.prefixItems[0]).toEqual({ type: "number" });
    expect(props.byDay.items.prefixItems[1]).toMatchObject({ type: "string", format: "date-time" });
    expect(props.labels).toMatchObject({ type: "array", items: { type: "string" }, uniqueItems: true });
    expect(props.extras).toMatchObject({ type: "array", items: { $ref: "#/$defs/js.LineItem" } });
    expect(props.extras.uniqueItems).toBeUndefined();
    expect(props.meta.description).toMatch(/keys and values are not typed/);
  });

  it("states a custom validator in the description instead of dropping it", () => {
    const even = (plainSchema.properties as Record<string, Loose>).even;
    expect(even.type).toBe("number");
    expect(even.description).toMatch(/"validate" \(must be even\), a custom validator/);
  });

  it("describes a discriminated base-class position as oneOf with a required discriminator", () => {
    const shapes = (plainSchema.properties as Record<string, Loose>).shapes.items;
    expect(shapes).toEqual({
      type: "object",
      properties: { kind: { type: "string", enum: ["js.Shape", "circle", "square"] } },
      required: ["kind"],
      oneOf: [{ $ref: "#/$defs/js.Shape" }, { $ref: "#/$defs/js.Circle" }, { $ref: "#/$defs/js.Square" }],
    });
    expect(defs["js.Circle"]?.properties.kind).toEqual({ const: "circle" });
    expect(defs["js.Shape"]?.properties.kind).toEqual({ const: "js.Shape" });
  });

  it("a base class with subclasses and no discriminator needs the tag, even in the plain schema", () => {
    const s = toJSONSchema(Zoo, { registry: reg });
    const star = (s.properties as Record<string, Loose>).star;
    expect(star.description).toMatch(/no discriminator: an object here needs its "\$type" tag/);
    const check = ajv2020().compile(s);
    expect(check({ star: { name: "rex" } })).toBe(false);
    expect(() => reg.fromPlain({ star: { name: "rex" } }, Zoo)).toThrow(DeserializeError);
    const tagged = { star: { $type: "js.Dog", name: "rex" } };
    expect(check(tagged)).toBe(true);
    expect(reg.fromPlain(tagged, Zoo).star).toBeInstanceOf(Dog);
  });

  it("tags: true: each typed position accepts its untagged and its tagged spelling; the root too", () => {
    const props = taggedSchema.properties as Record<string, Loose>;
    expect(taggedSchema.anyOf ?? taggedSchema.$ref).toBeDefined();
    const check = checkTagged;
    expect(check({ $type: "js.Order", ...(reg.toPlain(new Order(), { tags: false }) as object) })).toBe(true);
    expect(check({ $type: "js.Shape", ...(reg.toPlain(new Order(), { tags: false }) as object) })).toBe(false);
    expect(props).toBeUndefined(); // the root is anyOf(untagged, tagged): its properties live in $defs
  });

  it("io: output requires every written field and forbids others", () => {
    const out = toJSONSchema(Order, { registry: reg, io: "output" });
    expect(out.required).toContain("discount");
    expect(out.additionalProperties).toBe(false);
    expect((out.$defs as Record<string, Loose>)["js.Circle"].required).toContain("kind");
  });

  it("draft-07: definitions, const, and ajv's draft-07 validator agrees", () => {
    const s = toJSONSchema(Order, { registry: reg, target: "draft-07" });
    expect(s.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(s.$defs).toBeUndefined();
    expect(Object.keys(s.definitions as object)).toContain("js.LineItem");
    const ajv = new AjvDraft7({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    const check = ajv.compile(s);
    const x = build(fc.sample(orderArb, { numRuns: 1, seed: 3 })[0] as never);
    expect(check(reg.toPlain(x, { tags: false })), JSON.stringify(check.errors)).toBe(true);
  });

  it("openapi-3.0: nullable, enum for const, boolean exclusiveMinimum, discriminator, components", () => {
    const s = toJSONSchema(Order, { registry: reg, target: "openapi-3.0" });
    const text = JSON.stringify(s);
    expect(s.$schema).toBeUndefined();
    expect(s.$defs).toBeUndefined();
    expect(text).not.toContain('"const"');
    expect(text).not.toContain('"$defs"');
    expect(text).not.toContain('"prefixItems"');
    expect(text).not.toMatch(/"type":\[/); // no type arrays
    const props = s.properties as Record<string, Loose>;
    expect(props.note).toEqual({ type: "string", nullable: true });
    expect(props.lines.items).toEqual({ $ref: "#/components/schemas/js.LineItem" });
    const schemas = (s.components as { schemas: Record<string, Loose> }).schemas;
    expect(schemas["js.LineItem"].properties.price).toEqual({ type: "number", minimum: 0, exclusiveMinimum: true });
    expect(schemas["js.Circle"].properties.kind).toEqual({ enum: ["circle"] });
    expect(props.shapes.items.discriminator).toEqual({
      propertyName: "kind",
      mapping: {
        "js.Shape": "#/components/schemas/js.Shape",
        circle: "#/components/schemas/js.Circle",
        square: "#/components/schemas/js.Square",
      },
    });
  });

  it("recursive models refer to their own definition", () => {
    const s = toJSONSchema(Tree, { registry: reg });
    expect(s.$ref).toBe("#/$defs/js.Tree");
    const check = ajv2020().compile(s);
    const t = reg.fromPlain({ label: "a", children: [{ label: "b", children: [{ label: "c", children: [] }] }] }, Tree);
    expect(check(reg.toPlain(t, { tags: false }))).toBe(true);
    expect(check({ label: "a", children: [{ label: 1, children: [] }] })).toBe(false);
  });

  it("tags: true: tagged NaN / ±Infinity / -0 where the field's validators accept them; $version of a versioned model", () => {
    const s = toJSONSchema(Reading, { registry: reg, tags: true });
    const check = ajv2020().compile(s);
    const tagged = (n: number) => reg.toPlain(Object.assign(new Reading(), { any: n, pos: 1, whole: 0 }));
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]) expect(check(tagged(n))).toBe(true);
    const docs = [
      { $type: "js.Reading", $version: 2, any: 0, pos: { $type: "number", value: "Infinity" }, whole: 0 },
      { $type: "js.Reading", $version: 2, any: 0, pos: { $type: "number", value: "NaN" }, whole: 0 },
      { $type: "js.Reading", $version: 2, any: 0, pos: 1, whole: { $type: "number", value: "-0" } },
      { $type: "js.Reading", $version: 2, any: 0, pos: 1, whole: { $type: "number", value: "Infinity" } },
    ];
    const verdicts = docs.map((d) => {
      let decorum = true;
      try {
        reg.fromPlain(d, Reading);
      } catch {
        decorum = false;
      }
      return [check(d), decorum];
    });
    expect(verdicts).toEqual([
      [true, true],
      [false, false],
      [true, true],
      [false, false],
    ]);
    // Without "$version", a tagged document is version 1 and would be migrated: not described.
    expect(check({ $type: "js.Reading", any: 0, pos: 1, whole: 0 })).toBe(false);
    expect(check({ any: 0, pos: 1, whole: 0 })).toBe(true);
  });

  it("the built-in validators expose what they check to the schema export", () => {
    const rules = descriptorMembers(LineItem).get("qty")?.rules;
    expect(rules?.map((r) => r.constraint)).toEqual([{ kind: "integer" }, { kind: "range", min: 1, max: 99 }]);
    expect(descriptorMembers(Order).get("even")?.rules[0]).toMatchObject({
      name: "validate",
      constraint: undefined,
      message: "must be even",
      coerces: false,
    });
  });

  it("refuses an unknown target and bad options", () => {
    expect(() => toJSONSchema(Order, { registry: reg, target: "draft-04" as never })).toThrow(RangeError);
    expect(() => toJSONSchema(Order, { registry: reg, tags: "yes" as never })).toThrow(TypeError);
    expect(() => toJSONSchema(Order, { registry: reg, unknownKeys: "keep" as never })).toThrow(TypeError);
    expect(() => toJSONSchema("Order" as never, { registry: reg })).toThrow(TypeError);
  });
});
