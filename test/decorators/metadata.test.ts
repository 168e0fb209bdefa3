import { describe, expect, it } from "vitest";
import {
  createDecorator,
  getClassData,
  getClassDataChain,
  getMemberData,
  getMemberDataChain,
  getOwnClassData,
  membersWith,
  setClassData,
} from "../../src/decorators/index.js";
import { setMemberData } from "../../src/decorators/metadata.js";

/** A test decorator that records `tag` for its member in the namespace "test.tag". */
function tag(value: string) {
  return createDecorator({
    name: "@tag",
    field: (d) => setMemberData(d.metadata, d.name as string, "test.tag", value),
    accessor: (_t, d) => setMemberData(d.metadata, d.name as string, "test.tag", value),
    method: (_f, d) => setMemberData(d.metadata, d.name as string, "test.tag", value),
    class: (_c, d) => setClassData(d.metadata, "test.class", value),
  });
}

describe("per-class metadata store", () => {
  it("inherits members from base to subclass, base first, and keeps classes apart", () => {
    @tag("base")
    class Base {
      @tag("a") a = 1;
      @tag("b") accessor b = 2;
    }
    @tag("sub")
    class Sub extends Base {
      @tag("c") c = 3;
    }
    class Sibling extends Base {}
    expect([...membersWith<string>(Base, "test.tag")].sort()).toEqual([
      ["a", "a"],
      ["b", "b"],
    ]);
    const sub = membersWith<string>(Sub, "test.tag");
    expect(new Set(sub.keys())).toEqual(new Set(["a", "b", "c"]));
    // base members come before the subclass's own
    expect([...sub.keys()].indexOf("c")).toBe(2);
    expect(membersWith(Sibling, "test.tag").size).toBe(2);
    expect(getClassData(Sub, "test.class")).toBe("sub");
    expect(getClassData(Sibling, "test.class")).toBe("base");
    expect(getOwnClassData(Sibling, "test.class")).toBeUndefined();
    expect(getClassDataChain<string>(Sub, "test.class").map((e) => [e.owner, e.data])).toEqual([
      [Base, "base"],
      [Sub, "sub"],
    ]);
  });

  it("lets a subclass redeclare a member: data replaced, position kept", () => {
    class Base {
      @tag("first") x = 1;
      @tag("second") y = 2;
    }
    class Sub extends Base {
      @tag("override") override x = 10;
    }
    expect([...membersWith<string>(Sub, "test.tag")]).toEqual([
      ["x", "override"],
      ["y", "second"],
    ]);
    expect(getMemberData(Sub, "x", "test.tag")).toBe("override");
    expect(getMemberData(Base, "x", "test.tag")).toBe("first");
    expect(getMemberDataChain(Sub, "x", "test.tag")).toEqual(["first", "override"]);
  });

  it("sees metadata added to a base class after the subclass was defined", () => {
    class Base {}
    class Sub extends Base {}
    setClassData(Base, "test.late", 42);
    expect(getClassData(Sub, "test.late")).toBe(42);
    expect(getOwnClassData(Sub, "test.late")).toBeUndefined();
  });

  it("stores decorum's record under a Symbol.for key, shared by every copy of the library", () => {
    class Model {
      @tag("v") v = 1;
    }
    const meta = (Model as unknown as Record<symbol, object>)[Symbol.for("Symbol.metadata")] as object;
    expect(Object.getOwnPropertySymbols(meta)).toContain(Symbol.for("decorum.metadata"));
  });
});
