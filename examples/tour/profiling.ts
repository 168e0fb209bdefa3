import { type Instrumented, Profiler, profile, profiled, stats, timed } from "decorum";
import { heading } from "./heading.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Timing and profiling: @timed, @profiled, profile(fn), a pstats-like report and a Chrome trace. */
export async function profilingTour(): Promise<void> {
  heading("Timing and profiling: @timed, @profiled, profile(fn), profiler.report()");
  const p = new Profiler();
  p.startTracing(1_000); // opt-in, bounded: the last 1000 calls

  @profiled({ profiler: p })
  class OrderService {
    prices = new Map<string, number>([
      ["apple", 0.5],
      ["pear", 0.75],
    ]);

    price(item: string): number {
      const price = this.prices.get(item);
      if (price === undefined) throw new RangeError(`unknown item ${item}`);
      return price;
    }

    total(items: string[]): number {
      return items.reduce((sum, item) => sum + this.price(item), 0);
    }

    async save(order: string[]): Promise<number> {
      await sleep(5);
      return order.length;
    }

    *batches(items: string[], size: number) {
      for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
    }
  }

  const fib: Instrumented & ((n: number) => number) = profile(
    function fibonacci(n: number): number {
      return n < 2 ? n : fib(n - 1) + fib(n - 2);
    },
    { profiler: p },
  );
  fib(15);

  const service = new OrderService();
  const order = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? "pear" : "apple"));
  for (let i = 0; i < 50; i++) service.total(order);
  try {
    service.price("durian");
  } catch (error) {
    console.log(`A failing call is counted and rethrown unchanged: ${(error as Error).message}`);
  }
  for (const batch of service.batches(order, 16)) await service.save(batch);

  const lines: string[] = [];
  const slowSquare = timed((x: number) => x * x, { profiler: p, label: "square", log: true, sink: (l) => lines.push(l) });
  slowSquare(12);
  console.log(`@timed({ log: true }) printed: "${lines[0]?.replace(/[\d.]+ ms/, "<t> ms")}"`);

  console.log(
    `\nstats(service.save): ${stats(service.save).ncalls} calls, mean ${stats(service.save).meanMs.toFixed(1)} ms (each awaits a 5 ms sleep)`,
  );
  console.log(`fib.ncalls after fib(15): ${fib.ncalls} (every recursive call goes through the profiled wrapper)`);
  console.log(`\np.report({ sortBy: "total", limit: 5 }):\n${p.report({ sortBy: "total", limit: 5 })}`);

  const trace = JSON.parse(p.toChromeTrace()) as { traceEvents: Array<{ ph: string }> };
  const phases: Record<string, number> = {};
  for (const e of trace.traceEvents) phases[e.ph] = (phases[e.ph] ?? 0) + 1;
  console.log(
    `\np.toChromeTrace(): ${trace.traceEvents.length} trace events ${JSON.stringify(phases)}; save it and open it in ui.perfetto.dev`,
  );

  p.enabled = false;
  service.total(order);
  console.log(`With p.enabled = false, calls pass straight through: OrderService.total still has ${stats(service.total).ncalls} calls`);
}
