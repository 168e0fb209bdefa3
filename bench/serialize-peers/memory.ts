/**
 * Allocation per call, measured with `--expose-gc` and V8 heap statistics.
 *
 * Node 20 has no cumulative "bytes allocated" counter, so the check adds it
 * up: `gc()`, read the used heap, run the calls under `v8.GCProfiler`
 * (which records the heap statistics before and after every collection),
 * read the used heap again. Bytes allocated = heap growth + bytes freed by
 * every collection in between. The output's own size is measured apart
 * (a batch of outputs kept alive across a `gc()`), and the difference is
 * what a call allocates beyond its output. Finally, the used heap after
 * `gc()` against the start shows whether anything stays behind (a leak, a
 * cache that grows).
 */
import v8 from "node:v8";

const gc = (globalThis as { gc?: () => void }).gc;

export interface Allocation {
  calls: number;
  /** Bytes allocated per call, all included. */
  allocatedBytesPerCall: number;
  /** Bytes of live output per call (the result, kept). */
  outputBytesPerCall: number;
  /** Bytes allocated per call beyond the output (temporary garbage). */
  garbageBytesPerCall: number;
  /** Heap growth per call after all calls, outputs dropped and `gc()` (a leak shows here). */
  retainedBytesPerCall: number;
  /** Garbage collections that ran during the calls. */
  collections: number;
}

interface GCStat {
  beforeGC: { heapStatistics: { usedHeapSize: number } };
  afterGC: { heapStatistics: { usedHeapSize: number } };
}

function used(): number {
  return v8.getHeapStatistics().used_heap_size;
}

/** Measures `fn` over `calls` calls. Needs `node --expose-gc`. */
export function allocation(fn: () => unknown, calls: number): Allocation {
  if (!gc) throw new Error("run with node --expose-gc (node scripts/bench.mjs does)");
  for (let i = 0; i < 50; i++) fn(); // warm up (compiled codecs, inline caches)
  // Size of one output: keep a batch alive across a collection (median of 5 batches).
  const keep: unknown[] = new Array(500);
  const sizes: number[] = [];
  for (let r = 0; r < 5; r++) {
    gc();
    const k0 = used();
    for (let i = 0; i < keep.length; i++) keep[i] = fn();
    gc();
    sizes.push((used() - k0) / keep.length);
    keep.fill(undefined);
  }
  const outputBytesPerCall = sizes.sort((a, b) => a - b)[2] as number;
  // Everything a call allocates.
  gc();
  const h0 = used();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const sink: unknown[] = [undefined]; // the latest output stays alive, as a caller's would
  for (let i = 0; i < calls; i++) sink[0] = fn();
  const stats = (profiler.stop()?.statistics ?? []) as unknown as GCStat[];
  const h1 = used();
  let freed = 0;
  for (const s of stats) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  const allocatedBytesPerCall = (h1 - h0 + freed) / calls;
  sink[0] = undefined;
  gc();
  const retainedBytesPerCall = (used() - h0) / calls;
  return {
    calls,
    allocatedBytesPerCall,
    outputBytesPerCall,
    garbageBytesPerCall: allocatedBytesPerCall - outputBytesPerCall,
    retainedBytesPerCall,
    collections: stats.length,
  };
}
