/**
 * Issue 17, memory of `serialize`: the text writer writes into one reusable
 * scratch buffer and allocates the text it returns and next to nothing
 * else (before: a string per number, Date and string value, a rope cell per
 * piece and a copy of each long piece when flattened: 6× the text). Bytes
 * allocated are added up from V8's heap statistics around every collection
 * (`v8.GCProfiler`), as the benchmark's memory rows do.
 */
import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { defineModel, field, Registry } from "../../src/registry/index.js";

function usedAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  expect(typeof gc, "the test projects run with --expose-gc").toBe("function");
  (gc as () => void)();
  return v8.getHeapStatistics().used_heap_size;
}

interface GCStat {
  beforeGC: { heapStatistics: { usedHeapSize: number } };
  afterGC: { heapStatistics: { usedHeapSize: number } };
}

/** Bytes allocated per call of `fn` over `calls` calls (the last result kept alive, as a caller's would be). */
function allocatedPerCall(fn: () => unknown, calls: number): number {
  for (let i = 0; i < 200; i++) fn();
  const h0 = usedAfterGc();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const sink: unknown[] = [undefined];
  for (let i = 0; i < calls; i++) sink[0] = fn();
  const stats = (profiler.stop()?.statistics ?? []) as unknown as GCStat[];
  const h1 = v8.getHeapStatistics().used_heap_size;
  let freed = 0;
  for (const s of stats) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return (h1 - h0 + freed) / calls;
}

describe("serialize: memory", () => {
  const reg = new Registry();
  class Tx {
    id = 0;
    amount = 0;
    at = new Date(0);
    memo = "";
  }
  class Account {
    id = "";
    opened = new Date(0);
    balances = new Map<string, number>();
    flags = new Set<string>();
    transactions: Tx[] = [];
  }
  defineModel(Tx, {
    registry: reg,
    name: "m.Tx",
    fields: { id: field(Number), amount: field(Number), at: field(Date), memo: field(String) },
  });
  defineModel(Account, {
    registry: reg,
    name: "m.Account",
    fields: { id: field(String), opened: field(Date), balances: field(Map), flags: field(Set), transactions: field([Tx]) },
  });
  const account = Object.assign(new Account(), {
    id: "acc-1",
    opened: new Date(Date.UTC(2023, 11, 31)),
    balances: new Map([
      ["EUR", 101],
      ["USD", -19.5],
    ]),
    flags: new Set(["active", "vip"]),
    transactions: Array.from({ length: 100 }, (_, j) =>
      Object.assign(new Tx(), {
        id: 100 + j,
        amount: Math.round(((7 + j * 13) % 2000) - 1000 + j / 8) / 4,
        at: new Date(Date.UTC(2024, 0, 1) + (100 + j) * 3_600_000 + j * 1234),
        memo: j % 3 ? `transfer ${j}` : `card "1-${j}"`,
      }),
    ),
  });

  it.each([
    ["tagged", undefined],
    ["plain JSON", false],
  ] as const)("%s: an account of 100 dated transactions allocates its text and little more (was 6× the text)", (_name, tags) => {
    const options = tags === undefined ? {} : { tags };
    const text = reg.serialize(account, options);
    expect(text).toBe(JSON.stringify(reg.toPlain(account, options)));
    const bytes = allocatedPerCall(() => reg.serialize(account, options), 5000);
    // The text is one byte per character (ASCII) plus a string header; 0.5× of slack covers the few small objects.
    expect(bytes).toBeLessThan(1.5 * text.length);
  });
});
