/**
 * `schema(Class)`: a model class as a Standard Schema v1 (plus the Standard
 * JSON Schema extension). `validate` is typed plain input; the output type
 * is the class; issues carry `message`, `path` and decorum's `code`. The
 * types are decorum's own and must stay assignable to those of
 * `@standard-schema/spec` (a devDependency, used here for types only).
 */
import type { StandardJSONSchemaV1 as SpecJSONSchema, StandardSchemaV1 as SpecSchema } from "@standard-schema/spec";
import { describe, expect, expectTypeOf, it } from "vitest";
import { positive } from "../../src/descriptors/index.js";
import { field, model, Registry, type StandardSchemaV1, schema, toJSONSchema } from "../../src/registry/index.js";

const reg = new Registry();

@model({ registry: reg, name: "ss.Line" })
class Line {
  @field(String) accessor sku = "";
  @positive @field(Number) accessor qty = 1;
}

@model({ registry: reg, name: "ss.Order" })
class Order {
  @field(String) accessor id = "";
  @field(Date) accessor placed = new Date(0);
  @field([Line]) accessor lines: Line[] = [];
  total(): number {
    return this.lines.reduce((n, l) => n + l.qty, 0);
  }
}

@model("ss.Default")
class OnDefault {
  @field(String) accessor name = "";
}

const body = { id: "A-1", placed: "2024-05-01T09:30:00Z", lines: [{ sku: "pen", qty: 2 }] };

describe("schema(Class): Standard Schema v1", () => {
  it("validate returns the instance, typed as the class", () => {
    const s = schema(Order, { registry: reg });
    expect(s["~standard"].version).toBe(1);
    expect(s["~standard"].vendor).toBe("decorum");
    const r = s["~standard"].validate(body) as StandardSchemaV1.Result<Order>;
    if (r.issues) throw new Error("expected a value");
    expect(r.value).toBeInstanceOf(Order);
    expect(r.value.total()).toBe(2);
    expect(r.value.placed.toISOString()).toBe("2024-05-01T09:30:00.000Z");
    expectTypeOf<StandardSchemaV1.InferOutput<typeof s>>().toEqualTypeOf<Order>();
    expectTypeOf<StandardSchemaV1.InferInput<typeof s>>().toEqualTypeOf<unknown>();
  });

  it("is assignable to the types of @standard-schema/spec", () => {
    const s = schema(Order, { registry: reg });
    const asSpec: SpecSchema<unknown, Order> = s;
    const asJson: SpecJSONSchema<unknown, Order> = s;
    expectTypeOf<SpecSchema.InferOutput<typeof s>>().toEqualTypeOf<Order>();
    expect(asSpec).toBe(asJson);
  });

  it("reports every issue with its message, path and code", () => {
    const r = schema(Order, { registry: reg })["~standard"].validate({ id: 7, placed: "2024-02-30", lines: [{ sku: "pen", qty: -1 }] });
    expect("issues" in r && r.issues).toEqual([
      { message: "expected string", path: ["id"], code: "type" },
      { message: "expected a valid ISO 8601 / RFC 3339 date string", path: ["placed"], code: "date" },
      { message: "must be positive", path: ["lines", 0, "qty"], code: "positive" },
    ]);
    const missing = schema(Order, { registry: reg })["~standard"].validate({});
    expect("issues" in missing && missing.issues?.map((i) => i.path)).toEqual([["id"], ["placed"], ["lines"]]);
    const notAnObject = schema(Order, { registry: reg })["~standard"].validate("A-1");
    expect("issues" in notAnObject && notAnObject.issues?.length).toBe(1);
  });

  it("is cached per class and options; unknownKeys is passed to the decode", () => {
    expect(schema(Order, { registry: reg })).toBe(schema(Order, { registry: reg }));
    const rejecting = schema(Order, { registry: reg, unknownKeys: "reject" });
    expect(rejecting).not.toBe(schema(Order, { registry: reg }));
    expect(rejecting).toBe(schema(Order, { registry: reg, unknownKeys: "reject" }));
    const extra = { ...body, admin: true };
    expect(schema(Order, { registry: reg })["~standard"].validate(extra)).toHaveProperty("value");
    expect(rejecting["~standard"].validate(extra)).toEqual({
      issues: [{ message: 'ss.Order has no field "admin" (unknownKeys: "reject")', path: ["admin"], code: "unknown-key" }],
    });
    // Per call, through the specification's libraryOptions.
    const perCall = schema(Order, { registry: reg })["~standard"].validate(extra, { libraryOptions: { unknownKeys: "reject" } });
    expect("issues" in perCall && perCall.issues?.[0]?.path).toEqual(["admin"]);
    expect(() => schema(Order, { registry: reg, unknownKeys: "keep" as never })).toThrow(TypeError);
    expect(() => schema("Order" as never, { registry: reg })).toThrow(TypeError);
    expect(() => schema(Order, { registry: {} as never })).toThrow(TypeError);
    expect(schema(Order, { registry: new Registry() })).not.toBe(schema(Order, { registry: reg }));
  });

  it("the schema and toJSONSchema of the root entry use the default registry", () => {
    const r = schema(OnDefault)["~standard"].validate({ name: "x" });
    expect("value" in r && r.value).toBeInstanceOf(OnDefault);
    expect(toJSONSchema(OnDefault)).toMatchObject({ type: "object", required: ["name"] });
  });
});

describe("schema(Class): Standard JSON Schema extension", () => {
  it("input and output are toJSONSchema's, per target", () => {
    const conv = schema(Order, { registry: reg })["~standard"].jsonSchema;
    expect(conv.input({ target: "draft-2020-12" })).toEqual(toJSONSchema(Order, { registry: reg }));
    expect(conv.input({ target: "draft-07" })).toEqual(toJSONSchema(Order, { registry: reg, target: "draft-07" }));
    expect(conv.input({ target: "openapi-3.0" })).toEqual(toJSONSchema(Order, { registry: reg, target: "openapi-3.0" }));
    expect(conv.output({ target: "draft-2020-12" })).toEqual(toJSONSchema(Order, { registry: reg, io: "output" }));
    expect(conv.input({ target: "draft-2020-12", libraryOptions: { tags: true } })).toEqual(
      toJSONSchema(Order, { registry: reg, tags: true }),
    );
    expect(
      schema(Order, { registry: reg, unknownKeys: "reject" })["~standard"].jsonSchema.input({ target: "draft-2020-12" }),
    ).toMatchObject({
      additionalProperties: false,
    });
  });

  it("throws for a target it does not support, as the specification asks", () => {
    expect(() => schema(Order, { registry: reg })["~standard"].jsonSchema.input({ target: "draft-04" })).toThrow(RangeError);
  });
});
