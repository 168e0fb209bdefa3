import { describe, expect, it } from "vitest";
import { finite, range } from "../../src/descriptors/index.js";
import { ClassDefinitionError, DeserializeError, SerializeError, ValidationError } from "../../src/errors.js";
import * as decorum from "../../src/index.js";
import { defineModel, field, model, Registry, transient } from "../../src/registry/index.js";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

describe("reserved wire names", () => {
  it("refuses a member named $type, $id, $version or any $ name when the class is defined, naming class and member", () => {
    for (const name of ["$type", "$id", "$version", "$ref", "$value", "$anything"]) {
      const reg = new Registry();
      const e = thrown(() => {
        class Note {
          @field() accessor [name] = "";
        }
        return defineModel(Note, { registry: reg, name: "host.Note" });
      }) as ClassDefinitionError;
      expect(e).toBeInstanceOf(ClassDefinitionError);
      expect(e.message).toContain("Note");
      expect(e.message).toContain(name);
      expect(e.message).toMatch(/reserved by the wire format/);
    }
  });

  it("refuses them through defineModel fields and wireName too, and accepts a $ member under another wireName", () => {
    class Plain {
      $type = "";
    }
    expect(() => defineModel(Plain, { registry: new Registry(), fields: { $type: field(String) } })).toThrow(ClassDefinitionError);
    expect(() => defineModel(class W {}, { registry: new Registry(), fields: { kind: field({ wireName: "$id" }) } })).toThrow(
      ClassDefinitionError,
    );
    const reg = new Registry();
    class Renamed {
      $kind = "a";
    }
    const R = defineModel(Renamed, { registry: reg, name: "host.Renamed", fields: { $kind: field({ type: String, wireName: "kind" }) } });
    const r = new R();
    r.$kind = "host.Admin";
    expect(reg.serialize(r)).toBe('{"$type":"host.Renamed","kind":"host.Admin"}');
    expect(reg.deserialize(reg.serialize(r), R).$kind).toBe("host.Admin");
  });

  it("field data can never pick the class: the tag is the model's", () => {
    const reg = new Registry();
    @model({ registry: reg, name: "host.Admin" })
    class Admin {
      @field() accessor level = 9;
    }
    @model({ registry: reg, name: "host.Note" })
    class Note {
      @field() accessor type = "";
    }
    const n = new Note();
    n.type = "host.Admin";
    const back = reg.deserialize(reg.serialize(n));
    expect(back).toBeInstanceOf(Note);
    expect(back).not.toBeInstanceOf(Admin);
  });

  it("refuses a validated member named $… in a model without @field (it would be written under its own name)", () => {
    const e = thrown(() => {
      @model({ registry: new Registry() })
      class Loose {
        @range(0, 9) accessor $id = 1;
      }
      return Loose;
    });
    expect(e).toBeInstanceOf(ClassDefinitionError);
    expect((e as Error).message).toMatch(/Loose.*\$id|\$id.*Loose/);
  });

  it("refuses own-mode data keys starting with $ on encode, with the path", () => {
    const reg = new Registry();
    @model({ registry: reg })
    class Bag {
      a = 1;
    }
    const b = Object.assign(new Bag(), { $version: 7 });
    const e = thrown(() => reg.serialize({ list: [b] })) as SerializeError;
    expect(e).toBeInstanceOf(SerializeError);
    expect(e.path).toEqual(["list", 0, "$version"]);
  });
});

describe("references mode and integer-like field names", () => {
  it("keeps the class of a shared model whose keys are integer-like (they come first in JS objects)", () => {
    for (const compile of [true, false]) {
      const reg = new Registry({ compile });
      class R {
        "0" = 1;
        "1" = "x";
      }
      const RM = defineModel(R, { registry: reg, name: "host.R", fields: { "0": field(Number), "1": field(String) } });
      const r = new RM();
      r["0"] = 7;
      const tree = reg.toPlain([r, r], { references: true }) as Array<Record<string, unknown>>;
      expect(tree[0]?.$type).toBe("host.R");
      expect(tree[0]?.$id).toBe(0);
      const back = reg.deserialize<R[]>(reg.serialize([r, r], { references: true }));
      expect(back[0]).toBeInstanceOf(RM);
      expect(back[0]).toBe(back[1]);
      expect(back[0]?.["0"]).toBe(7);
    }
  });

  it("still escapes and ids a shared plain object with integer-like keys and a $type key", () => {
    const reg = new Registry();
    const o = { 0: "zero", $type: "not a tag" };
    const back = reg.deserialize<unknown[]>(reg.serialize([o, o], { references: true }));
    expect(back[0]).toEqual(o);
    expect(back[0]).toBe(back[1]);
    expect(Object.getPrototypeOf(back[0])).toBe(Object.prototype);
  });
});

describe("models without @field never write what they cannot read", () => {
  const reg = new Registry();
  @model({ registry: reg, name: "host.Bag" })
  class Bag {
    a = 1;
  }
  @model({ registry: reg, name: "host.Shadow" })
  class Shadow {
    toString = "own";
  }
  @model({ registry: reg, name: "host.Strict", strict: true })
  class Strict {
    a = 1;
    @transient cache = 0;
  }

  it("refuses toString, constructor, valueOf and other prototype names with a SerializeError and path", () => {
    for (const key of ["toString", "constructor", "valueOf", "hasOwnProperty", "prototype"]) {
      const bag = Object.assign(new Bag(), { [key]: "x" });
      const e = thrown(() => reg.serialize({ bag })) as SerializeError;
      expect(e, key).toBeInstanceOf(SerializeError);
      expect(e.path).toEqual(["bag", key]);
      expect(e.message).toContain("host.Bag");
    }
  });

  it("writes and reads back a prototype name that the constructor itself sets as own data", () => {
    const s = new Shadow();
    s.toString = "changed";
    const back = reg.deserialize(reg.serialize(s), Shadow);
    expect(back.toString).toBe("changed");
  });

  it("a strict model refuses to write keys its new instances do not have", () => {
    const s = Object.assign(new Strict(), { extra: 1 });
    expect(() => reg.serialize(s)).toThrow(/host.Strict: own property "extra" cannot be written: the model is strict/);
    expect(reg.deserialize(reg.serialize(new Strict()), Strict)).toBeInstanceOf(Strict);
  });
});

describe("fromPlain never lets the input's own exceptions out", () => {
  const reg = new Registry();
  @model({ registry: reg, name: "host.Holder" })
  class Holder {
    @field() accessor content: unknown = null;
  }

  function issuesOf(input: unknown): DeserializeError["issues"] {
    const e = thrown(() => reg.fromPlain(input));
    expect(e).toBeInstanceOf(DeserializeError);
    return (e as DeserializeError).issues;
  }

  it("turns a throwing getter into an issue at its key", () => {
    const issues = issuesOf({
      ok: 1,
      get a() {
        throw new TypeError("x");
      },
    });
    expect(issues).toEqual([{ path: ["a"], code: "json", message: "reading the input failed: x" }]);
  });

  it("turns throwing Proxy traps into issues with paths, at any depth", () => {
    const trap = () => {
      throw new Error("trap");
    };
    for (const handler of [{ get: trap }, { ownKeys: trap }, { getPrototypeOf: trap }, { getOwnPropertyDescriptor: trap }]) {
      const p = new Proxy({ a: 1 }, handler);
      expect(issuesOf({ deep: [p] })[0]?.path.slice(0, 2)).toEqual(["deep", 0]);
      let deep: unknown = p;
      for (let i = 0; i < 200; i++) deep = [deep];
      const issues = issuesOf(deep);
      expect(issues[0]?.code).toBe("json");
      expect(issues[0]?.path.length).toBeGreaterThanOrEqual(200);
    }
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(issuesOf({ r: proxy })[0]?.path).toEqual(["r"]);
  });

  it("reports exotic objects, toJSON methods and non-JSON values as issues", () => {
    expect(issuesOf({ d: new Date(0) })[0]).toMatchObject({ path: ["d"], code: "json" });
    expect(issuesOf({ t: { toJSON: () => 1 } })[0]).toMatchObject({ path: ["t", "toJSON"], code: "json" });
    expect(issuesOf({ m: new Map() })[0]).toMatchObject({ path: ["m"], code: "json" });
    const holder = {
      $type: "host.Holder",
      get content() {
        throw new Error("boom");
      },
    };
    expect(issuesOf([holder])[0]).toMatchObject({ path: [0], code: "json", message: "reading the input failed: boom" });
    expect(reg.fromPlain({ $type: "host.Holder", content: 2 }, Holder).content).toBe(2);
  });
});

describe("strict dates and finite numbers", () => {
  const reg = new Registry();
  @model({ registry: reg, name: "host.Event" })
  class Event {
    @field(Date) accessor at = new Date(0);
    @field({ type: Date, invalidDate: true }) accessor maybe = new Date(0);
    @field({ type: [Date], optional: true }) accessor more: Date[] = [];
  }
  const doc = (at: unknown) => ({ $type: "host.Event", at: { $type: "Date", value: at }, maybe: { $type: "Date", value: null } });

  it("reads only ISO 8601 / RFC 3339 text", () => {
    for (const ok of [
      "2026-12-01T10:20:30.456Z",
      "2026-12-01T10:20:30Z",
      "2026-12-01",
      "2026-12-01 10:20:30+01:00",
      "+012026-01-01T00:00:00.000Z",
    ]) {
      expect(reg.fromPlain(doc(ok), Event).at.getTime(), ok).toBe(Date.parse(ok.replace(" ", "T")));
    }
    for (const bad of [
      "Tue Dec 01 2026",
      "2026-02-30T00:00:00Z",
      "2026-12-01T10:20:30",
      "12/01/2026",
      "2026-12-01T25:00:00Z",
      "",
      "-000000-01-01T00:00:00Z",
    ]) {
      const e = thrown(() => reg.fromPlain(doc(bad), Event)) as DeserializeError;
      expect(e.issues, bad).toEqual([
        expect.objectContaining({ path: ["at", "value"], code: "date", message: "expected a valid ISO 8601 / RFC 3339 date string" }),
      ]);
    }
  });

  it("rejects an invalid date in a Date field unless the field opts in, in both directions", () => {
    const e = thrown(() => reg.fromPlain(doc(null), Event)) as DeserializeError;
    expect(e.issues.map((i) => [i.path, i.code])).toEqual([[["at"], "type"]]);
    const ev = new Event();
    ev.maybe = new Date(Number.NaN);
    expect(Number.isNaN(reg.deserialize(reg.serialize(ev), Event).maybe.getTime())).toBe(true);
    ev.at = new Date(Number.NaN);
    expect((thrown(() => reg.serialize({ ev })) as SerializeError).path).toEqual(["ev", "at"]);
    const ev2 = new Event();
    ev2.more = [new Date(1), new Date(Number.NaN)];
    expect((thrown(() => reg.serialize(ev2)) as SerializeError).path).toEqual(["more", 1]);
    expect(() => reg.fromPlain({ ...doc("2026-01-01"), more: [{ $type: "Date", value: null }] }, Event)).toThrow(/more\[0\]/);
    // Outside a Date field an invalid date is a value like any other.
    expect(Number.isNaN(reg.deserialize<Date>(reg.serialize(new Date(Number.NaN))).getTime())).toBe(true);
  });

  it("checks the invalidDate option when the class is defined", () => {
    expect(() =>
      defineModel(class D {}, { registry: new Registry(), fields: { at: { type: Date, invalidDate: "yes" } as never } }),
    ).toThrow(/invalidDate must be true or false/);
  });

  it("finite rejects NaN and ±Infinity, accepts numbers and bigints, and is exported publicly", () => {
    expect(decorum.finite).toBe(finite);
    class Reading {
      @finite accessor celsius = 20;
    }
    const r = new Reading();
    r.celsius = -0.5;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "1" as never]) {
      const e = thrown(() => {
        r.celsius = bad;
      }) as ValidationError;
      expect(e).toBeInstanceOf(ValidationError);
      expect(e.issues[0]?.code).toBe("finite");
    }
    expect(r.celsius).toBe(-0.5);
    expect((thrown(() => (r.celsius = Number.NaN)) as Error).message).toBe("Reading.celsius: must be a finite number (got NaN)");
  });
});
