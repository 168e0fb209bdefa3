/**
 * The date reader's fast path (the exact form `toISOString` writes, read
 * without a regular expression) must agree with the strict reader on every
 * text: valid canonical dates, out-of-range fields (no rolling), and texts
 * that are almost the canonical form.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/registry/codecs/builtins.js";

/** What the strict reader answers for a canonical-looking text: the time when the text names it exactly, else NaN. */
function reference(s: string): number {
  const t = Date.parse(s);
  return Number.isNaN(t) || new Date(t).toISOString() !== s ? Number.NaN : t;
}

describe("ISO date reader", () => {
  it("reads what toISOString writes, years 0000–9999", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("0000-01-01T00:00:00.000Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }),
        (d) => {
          expect(parseIsoDate(d.toISOString())).toBe(d.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses out-of-range fields and near-canonical texts exactly as the strict reader does", () => {
    const digits = fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const near = fc
      .tuple(fc.date({ noInvalidDate: true }), fc.nat(23), fc.constantFrom("x", "t", " ", "-", ":", ".", "z", "1", "+", "/", "\u0660"))
      .map(([d, at, ch]) => {
        const s = d.toISOString();
        return s.length === 24 ? s.slice(0, at) + ch + s.slice(at + 1) : s;
      });
    fc.assert(
      fc.property(fc.oneof(digits, near), (s) => {
        const want = reference(s);
        const got = parseIsoDate(s);
        if (Number.isNaN(want)) {
          // Texts the strict reader accepts beyond the canonical form (a lower-case t or z, a space) keep their meaning.
          if (!Number.isNaN(got)) expect(got).toBe(Date.parse(s.replace(" ", "T").toUpperCase()));
        } else expect(got).toBe(want);
      }),
      { numRuns: 1000 },
    );
    for (const bad of ["2023-02-29T00:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-04-31T00:00:00.000Z", "2024-01-01T24:00:00.000Z"])
      expect(parseIsoDate(bad)).toBeNaN();
    expect(parseIsoDate("2024-02-29T23:59:59.999Z")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseIsoDate("0050-06-01T00:00:00.000Z")).toBe(Date.parse("0050-06-01T00:00:00.000Z"));
  });
});
