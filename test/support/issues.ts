import { expect } from "vitest";
import { DeserializeError } from "../../src/errors.js";

/** The issues (path, code, message) of the DeserializeError `fn` throws; fails the test when it throws anything else or nothing. */
export function issuesOf(fn: () => unknown): Array<{ path: readonly unknown[]; code: string; message: string }> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DeserializeError);
    return (e as DeserializeError).issues.map((i) => ({ path: i.path, code: i.code, message: i.message }));
  }
  throw new Error("expected a DeserializeError");
}
