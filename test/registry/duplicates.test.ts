import { describe, expect, it } from "vitest";
import { DeserializeError, deserialize, fromPlain } from "../../src/index.js";

/** Nests `inner` (JSON text) `levels` arrays deep, past the recursive walk's first levels when large. */
function nest(inner: string, levels: number): string {
  return "[".repeat(levels) + inner + "]".repeat(levels);
}

function issuesOf(text: string) {
  try {
    deserialize(text);
  } catch (e) {
    expect(e).toBeInstanceOf(DeserializeError);
    return (e as DeserializeError).issues.map((i) => ({ path: i.path, code: i.code }));
  }
  throw new Error("expected a DeserializeError");
}

describe("built-in Map and Set decoders", () => {
  for (const levels of [0, 40]) {
    const at = Array.from({ length: levels }, () => 0);
    it(`refuse a duplicate Map key with its path, never keeping one value silently (${levels} levels deep)`, () => {
      const text = nest('{"$type":"Map","value":[["a",1],["b",2],["a",3]]}', levels);
      expect(issuesOf(text)).toEqual([{ path: [...at, "value", 2, 0], code: "duplicate" }]);
    });
    it(`refuse a duplicate Set element with its path (${levels} levels deep)`, () => {
      const text = nest('{"$type":"Set","value":[1,2,1]}', levels);
      expect(issuesOf(text)).toEqual([{ path: [...at, "value", 2], code: "duplicate" }]);
    });
    it(`report a bad key once, not again as a duplicate (${levels} levels deep)`, () => {
      const text = nest('{"$type":"Map","value":[[{"$type":"nope"},1],[{"$type":"nope"},2]]}', levels);
      expect(issuesOf(text).map((i) => i.code)).toEqual(["unknown-type", "unknown-type"]);
    });
  }
  it("still read keys equal only by shape as two keys (objects compare by identity)", () => {
    const m = deserialize('{"$type":"Map","value":[[{"a":1},1],[{"a":1},2]]}') as Map<unknown, unknown>;
    expect(m.size).toBe(2);
  });
  it("report a duplicate after the elements' own issues, in the recursive and the deep walk alike", () => {
    const codes = (levels: number) => {
      let doc: unknown = { $type: "Set", value: [false, false, undefined] };
      for (let i = 0; i < levels; i++) doc = [doc];
      try {
        fromPlain(doc);
      } catch (e) {
        return (e as DeserializeError).issues.map((i) => [i.code, i.path.slice(levels)]);
      }
      throw new Error("expected a DeserializeError");
    };
    const expected = [
      ["json", ["value", 2]],
      ["duplicate", ["value", 1]],
    ];
    expect(codes(1)).toEqual(expected);
    expect(codes(40)).toEqual(expected);
  });
});
