/**
 * Across processes (issue 8): three comparisons, each against the fair
 * baseline measured in the same run.
 *
 * 1. Channel: 1,000 small models (`Point {x, y}`) through a `Channel` to a
 *    child process (encoded once by the registry, decoded to instances on
 *    arrival) against raw `process.send` of the equivalent plain object,
 *    checked and built into a `Point` by hand in the child (the same
 *    message, the same work on receive), and, for reference, raw
 *    `process.send` with `serialization: "advanced"`. CPU time is reported
 *    for both processes, together and each on its own.
 * 2. Pool: 400 no-op tasks with 2 workers through decorum's `ProcessPool`
 *    (processes) against workerpool in process mode and piscina (threads);
 *    plus `map` with `chunkSize` (several calls per message).
 * 3. Hand-off: 200 short connections (8 concurrent clients, one request
 *    each) to a `HandoffServer` with 2 workers against Node's `cluster`
 *    round-robin with 2 workers (the same hand-off, done inside Node), and
 *    the direct-serving figure: the same echo served in this process.
 *
 * Every contestant returns a checksum (sum of the received values, count
 * of correct replies), verified against the baseline's before timing.
 * Run: `node scripts/build.mjs && node scripts/bench.mjs processes`.
 */
import { type ChildProcess, fork } from "node:child_process";
import cluster from "node:cluster";
import { once } from "node:events";
import { type AddressInfo, connect, createServer } from "node:net";
import { Channel, HandoffServer, ProcessPool, registry } from "decorum";
import { Piscina } from "piscina";
import workerpool from "workerpool";
import { type CompareOptions, compare, note, save } from "./lib.js";
import { serve } from "./processes/echo.js";
import { Point } from "./processes/model.js";

/** `PROCESSES_GROUPS=channel,pool,handoff` (default all) selects the comparisons. */
const groups = new Set((process.env.PROCESSES_GROUPS ?? "channel,pool,handoff").split(","));
const here = (file: string) => new URL(`./processes/${file}`, import.meta.url);

/**
 * `compare` for async contestants: awaits each one's checksum and checks it
 * against the baseline's first (compare's own check would see promises),
 * then times them with compare (mitata awaits promises).
 */
async function compareAsync(group: string, contestants: Record<string, () => Promise<unknown>>, options: CompareOptions = {}) {
  const names = Object.keys(contestants);
  const baseline = options.baseline ?? (names[0] as string);
  const sums = new Map<string, string>();
  for (const name of names) sums.set(name, JSON.stringify(await (contestants[name] as () => Promise<unknown>)()));
  for (const name of names) {
    if (sums.get(name) !== sums.get(baseline))
      throw new Error(`${group}: checksum of "${name}" (${sums.get(name)}) differs from "${baseline}" (${sums.get(baseline)})`);
  }
  const wrapped: Record<string, () => unknown> = {};
  for (const name of names) {
    let first = true;
    const fn = contestants[name] as () => Promise<unknown>;
    // The first call is compare's checksum pass: answer with the verified checksum.
    wrapped[name] = () => {
      if (!first) return fn();
      first = false;
      return sums.get(name);
    };
  }
  return compare(group, wrapped, { ...options, agree: () => true });
}

/**
 * The same contestants again, interleaved: `rounds` rounds, each running
 * every contestant once (in rotating order), and the median throughput of
 * each. Load from other processes drifts over a run; interleaving spreads
 * it over all contestants, so these ratios are the robust ones.
 */
async function interleaved(group: string, contestants: Record<string, () => Promise<unknown>>, units: number, rounds = 9) {
  const names = Object.keys(contestants);
  const rates = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length] as string;
      const started = performance.now();
      await (contestants[name] as () => Promise<unknown>)();
      (rates.get(name) as number[]).push((units * 1000) / (performance.now() - started));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  const base = median(rates.get(names[0] as string) as number[]);
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const m = median(rates.get(name) as number[]);
    values[`${name}: per second (median of ${rounds})`] = Math.round(m);
    values[`${name}: throughput vs ${names[0]}`] = m / base;
  }
  note(`${group} — interleaved`, values);
  return (name: string, other: string) => median(rates.get(name) as number[]) / median(rates.get(other) as number[]);
}

const ratio = (r: Awaited<ReturnType<typeof compare>>, name: string, base: string) =>
  (r.rows.find((x) => x.name === name)?.opsPerSec ?? 0) / (r.rows.find((x) => x.name === base)?.opsPerSec ?? 1);

// ── 1. Channel ────────────────────────────────────────────────────────────
async function channelGroup() {
  const MESSAGES = 1000;
  const CPU_ROUNDS = 61;
  /** The child's CPU time (µs) for the last answered batch. */
  let childCpu = 0;
  function waitSum(child: ChildProcess): Promise<number> {
    return new Promise((resolve) => {
      const on = (m: { sum?: number; cpu?: number }) => {
        if (m.sum === undefined) return;
        child.off("message", on);
        childCpu = m.cpu ?? Number.NaN;
        resolve(m.sum);
      };
      child.on("message", on);
    });
  }
  const jsonChild = fork(here("channel-child.js"), { serialization: "json" });
  const advancedChild = fork(here("channel-child.js"), { serialization: "advanced" });
  await Promise.all([jsonChild, advancedChild].map((c) => once(c, "spawn")));
  const channel = new Channel<Point, never>(jsonChild);
  // 1, -1, 2, -2, ...: no -0, which JSON turns into 0 and the registry keeps (a tagged value), so both sides send the same numbers.
  const points = Array.from({ length: MESSAGES }, (_, i) => new Point(i + 1, -(i + 1)));
  const plains = points.map((p) => ({ x: p.x, y: p.y }));
  // The channel's own wire trees, encoded before timing: what Channel writes
  // for a lone message (its "$type"-tagged tree with the channel's name
  // added under "$cm"), under another channel name, so the child's channel
  // ignores them and the child only counts them (no decoding): the format
  // floor of a channel message.
  const onWire = (p: Point) => {
    const tree = registry.toPlain(p) as Record<string, unknown>;
    tree.$cm = "floor";
    return tree;
  };
  const wireTrees = points.map(onWire);
  for (const c of [jsonChild, advancedChild]) c.send({ expect: MESSAGES });

  const title = `channel: ${MESSAGES} Point models to a child process (decoded there)`;
  const contestants = {
    "raw process.send (plain object, json)": () => {
      const done = waitSum(jsonChild);
      for (const p of plains) jsonChild.send(p);
      return done;
    },
    "Channel.send (model, registry-encoded)": () => {
      const done = waitSum(jsonChild);
      for (const p of points) channel.send(p);
      return done;
    },
    "raw process.send (plain object, advanced)": () => {
      const done = waitSum(advancedChild);
      for (const p of plains) advancedChild.send(p);
      return done;
    },
    // One message per tick: nothing to coalesce (Channel writes what one
    // tick sent in one transport message), so these two rows compare the
    // per-message cost itself.
    "raw process.send, one per tick": async () => {
      const done = waitSum(jsonChild);
      for (const p of plains) {
        jsonChild.send(p);
        await null;
      }
      return done;
    },
    "Channel.send, one per tick": async () => {
      const done = waitSum(jsonChild);
      for (const p of points) {
        channel.send(p);
        await null;
      }
      return done;
    },
    // The floor plus the registry's encode: what is left between this row
    // and Channel's is the decoding in the child and the channel's own
    // bookkeeping (end-of-tick write, envelope, error callback).
    "raw process.send of the channel's wire tree encoded per message (floor + toPlain), one per tick": async () => {
      const done = waitSum(jsonChild);
      for (const p of points) {
        jsonChild.send(onWire(p));
        await null;
      }
      return done;
    },
    // The registry's limit: the floor + toPlain row, decoded in the child
    // by registry.fromPlain with no Channel on either side (the child takes
    // the "$cm" key out first, as a channel does). Channel's row ÷ this one
    // is the channel's own cost (end-of-tick write, envelope, listeners);
    // this row ÷ raw is the wire format's and the registry's.
    "raw process.send of toPlain trees, registry.fromPlain in the child, no Channel (registry limit), one per tick": async () => {
      const done = waitSum(jsonChild);
      for (const p of points) {
        const tree = registry.toPlain(p) as Record<string, unknown>;
        tree.$cm = "registry";
        jsonChild.send(tree);
        await null;
      }
      return done;
    },
    // The floor of Channel's row: raw process.send of the same bytes the
    // channel writes (already encoded), read in the child without decoding.
    "raw process.send of the channel's wire tree, one per tick (format floor)": async () => {
      const done = waitSum(jsonChild);
      for (const t of wireTrees) {
        jsonChild.send(t);
        await null;
      }
      return done;
    },
  };
  const result = await compareAsync(title, contestants, { unitsPerCall: MESSAGES, unit: "message" });
  const relative = await interleaved(title, contestants, MESSAGES);
  // The load-robust view: CPU time per message of both processes (this
  // one's and the child's, which reports it with each sum), interleaved,
  // median of CPU_ROUNDS rounds. On a busy 2-core machine wall-clock throughput
  // moves 2× between runs; CPU time is what other processes cannot add to.
  const cpuRates = new Map<string, number[]>(Object.keys(contestants).map((n) => [n, []]));
  const parentCpu = new Map<string, number[]>(Object.keys(contestants).map((n) => [n, []]));
  const childCpus = new Map<string, number[]>(Object.keys(contestants).map((n) => [n, []]));
  {
    const names = Object.keys(contestants);
    for (let r = 0; r < CPU_ROUNDS; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length] as string;
        const before = process.cpuUsage();
        await (contestants as Record<string, () => Promise<unknown>>)[name]?.();
        const used = process.cpuUsage(before);
        (cpuRates.get(name) as number[]).push((used.user + used.system + childCpu) / MESSAGES);
        (parentCpu.get(name) as number[]).push((used.user + used.system) / MESSAGES);
        (childCpus.get(name) as number[]).push(childCpu / MESSAGES);
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
  const cpuMedian = (name: string) => median(cpuRates.get(name) as number[]);
  const cpuValues: Record<string, unknown> = {};
  for (const name of Object.keys(contestants)) {
    cpuValues[`${name}: µs of CPU per message (both processes, median of ${CPU_ROUNDS})`] = cpuMedian(name);
    cpuValues[`${name}: sending process / receiving process, µs per message (medians)`] = [
      median(parentCpu.get(name) as number[]),
      median(childCpus.get(name) as number[]),
    ];
  }
  note(`${title} — CPU time, interleaved`, cpuValues);
  /**
   * Throughput ratio implied by CPU time: `other`'s CPU per message ÷
   * `name`'s (higher is better), the median of the ratios within each round
   * (the two ran next to each other, so load that drifts over the run
   * cancels out).
   */
  const cpuRelative = (name: string, other: string) => {
    const xs = cpuRates.get(name) as number[];
    const ys = cpuRates.get(other) as number[];
    return median(xs.map((x, i) => (ys[i] as number) / x));
  };
  channel.close();
  for (const c of [jsonChild, advancedChild]) {
    c.disconnect();
    c.kill();
  }
  const channelVsRaw = ["Channel.send (model, registry-encoded)", "raw process.send (plain object, json)"] as const;
  const advancedVsJson = ["raw process.send (plain object, advanced)", "raw process.send (plain object, json)"] as const;
  note("processes: channel ratios (throughput, higher is better)", {
    "Channel / raw process.send, sequential (target >= 0.9)": ratio(result, ...channelVsRaw),
    "Channel / raw process.send, interleaved median (target >= 0.9)": relative(...channelVsRaw),
    "advanced serialization / json (raw), interleaved": relative(...advancedVsJson),
    "Channel / raw process.send, one message per tick, interleaved": relative(
      "Channel.send, one per tick",
      "raw process.send, one per tick",
    ),
    "format floor (the channel's wire tree, raw) / raw process.send, one message per tick, interleaved": relative(
      "raw process.send of the channel's wire tree, one per tick (format floor)",
      "raw process.send, one per tick",
    ),
    "floor + toPlain / format floor, one message per tick, interleaved": relative(
      "raw process.send of the channel's wire tree encoded per message (floor + toPlain), one per tick",
      "raw process.send of the channel's wire tree, one per tick (format floor)",
    ),
    "Channel / floor + toPlain, one message per tick, interleaved (decode and bookkeeping)": relative(
      "Channel.send, one per tick",
      "raw process.send of the channel's wire tree encoded per message (floor + toPlain), one per tick",
    ),
    "Channel / format floor, one message per tick, interleaved": relative(
      "Channel.send, one per tick",
      "raw process.send of the channel's wire tree, one per tick (format floor)",
    ),
    "Channel / raw process.send, one message per tick, CPU time of both processes (target >= 0.9)": cpuRelative(
      "Channel.send, one per tick",
      "raw process.send, one per tick",
    ),
    "format floor / raw process.send, one message per tick, CPU time": cpuRelative(
      "raw process.send of the channel's wire tree, one per tick (format floor)",
      "raw process.send, one per tick",
    ),
    "floor + toPlain / raw process.send, one message per tick, CPU time": cpuRelative(
      "raw process.send of the channel's wire tree encoded per message (floor + toPlain), one per tick",
      "raw process.send, one per tick",
    ),
    "Channel / format floor, one message per tick, CPU time": cpuRelative(
      "Channel.send, one per tick",
      "raw process.send of the channel's wire tree, one per tick (format floor)",
    ),
    "registry limit (toPlain, the wire tree, fromPlain; no Channel) / raw process.send, one message per tick, CPU time": cpuRelative(
      "raw process.send of toPlain trees, registry.fromPlain in the child, no Channel (registry limit), one per tick",
      "raw process.send, one per tick",
    ),
    "Channel / registry limit, one message per tick, CPU time (the channel's own cost)": cpuRelative(
      "Channel.send, one per tick",
      "raw process.send of toPlain trees, registry.fromPlain in the child, no Channel (registry limit), one per tick",
    ),
    "Channel / raw process.send, burst, CPU time": cpuRelative(
      "Channel.send (model, registry-encoded)",
      "raw process.send (plain object, json)",
    ),
  });
}

// ── 2. Pool ───────────────────────────────────────────────────────────────
async function poolGroup() {
  const TASKS = 400;
  const inputs = Array.from({ length: TASKS }, (_, i) => i);
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const pool = new ProcessPool<typeof import("./processes/pool-tasks.js")>({ module: here("pool-tasks.js"), workers: 2 });
  await pool.start();
  const wp = workerpool.pool(here("workerpool-worker.js").pathname, { workerType: "process", minWorkers: 2, maxWorkers: 2 });
  const piscina = new Piscina({ filename: here("pool-tasks.js").href, minThreads: 2, maxThreads: 2 });

  const title = `pool: ${TASKS} no-op tasks, 2 workers`;
  const contestants = {
    "workerpool (process mode)": async () => total(await Promise.all(inputs.map((i) => wp.exec("noop", [i]) as Promise<number>))),
    "ProcessPool.submit (processes)": async () => total(await Promise.all(inputs.map((i) => pool.submit("noop", i)))),
    "ProcessPool.map chunkSize 20": async () => total(await pool.map("noop", inputs, { chunkSize: 20 })),
    "piscina (threads)": async () => total(await Promise.all(inputs.map((i) => piscina.run(i) as Promise<number>))),
  };
  const result = await compareAsync(title, contestants, { unitsPerCall: TASKS, unit: "task" });
  const relative = await interleaved(title, contestants, TASKS);
  await Promise.all([pool.shutdown(), wp.terminate(), piscina.destroy()]);
  const submitVsWorkerpool = ["ProcessPool.submit (processes)", "workerpool (process mode)"] as const;
  const submitVsPiscina = ["ProcessPool.submit (processes)", "piscina (threads)"] as const;
  const mapVsPiscina = ["ProcessPool.map chunkSize 20", "piscina (threads)"] as const;
  note("processes: pool ratios (throughput, higher is better)", {
    "ProcessPool.submit / workerpool process mode, sequential (target >= 0.9)": ratio(result, ...submitVsWorkerpool),
    "ProcessPool.submit / workerpool process mode, interleaved median (target >= 0.9)": relative(...submitVsWorkerpool),
    "ProcessPool.submit / piscina threads, interleaved": relative(...submitVsPiscina),
    "ProcessPool.map chunkSize 20 / piscina threads, interleaved": relative(...mapVsPiscina),
  });
}

// ── 3. Hand-off ───────────────────────────────────────────────────────────
async function handoffGroup() {
  const CONNECTIONS = 200;
  const CONCURRENCY = 8;
  const lost = { handoff: 0, cluster: 0, direct: 0 };

  /** 200 one-request connections, 8 at a time; resolves to the number of correct replies. */
  async function clients(port: number, key: keyof typeof lost): Promise<number> {
    let ok = 0;
    let next = 0;
    const one = (n: number) =>
      new Promise<void>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => socket.end(`ping ${n}\n`));
        let reply = "";
        socket.setEncoding("utf8");
        socket.on("data", (d: string) => {
          reply += d;
        });
        socket.on("error", () => {});
        socket.on("close", () => {
          if (reply === `pong ${n}\n`) ok++;
          else lost[key]++;
          resolve();
        });
      });
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CONNECTIONS) await one(next++);
      }),
    );
    return ok;
  }

  const handoff = new HandoffServer({ module: here("echo.js"), workers: 2 });
  const handoffPort = (await handoff.listen({ port: 0, host: "127.0.0.1" })).port;

  cluster.schedulingPolicy = cluster.SCHED_RR;
  cluster.setupPrimary({ exec: here("echo.js").pathname });
  const clusterWorkers = [cluster.fork(), cluster.fork()];
  const clusterPort = await new Promise<number>((resolve) => {
    let listening = 0;
    cluster.on("listening", (_w, address) => {
      if (++listening === clusterWorkers.length) resolve(address.port);
    });
  });

  const direct = createServer(serve);
  await new Promise<void>((resolve) => direct.listen(0, "127.0.0.1", resolve));
  const directPort = (direct.address() as AddressInfo).port;

  const title = `hand-off: ${CONNECTIONS} short connections, ${CONCURRENCY} concurrent clients, 2 workers`;
  const contestants = {
    "cluster round-robin": () => clients(clusterPort, "cluster"),
    HandoffServer: () => clients(handoffPort, "handoff"),
    "direct serving (this process)": () => clients(directPort, "direct"),
  };
  const result = await compareAsync(title, contestants, { unitsPerCall: CONNECTIONS, unit: "connection" });
  const relative = await interleaved(title, contestants, CONNECTIONS);
  const handoffStats = handoff.stats;
  await handoff.close();
  for (const w of clusterWorkers) w.kill();
  direct.close();
  note("processes: hand-off ratios (throughput, higher is better)", {
    "HandoffServer / cluster round-robin, sequential (target >= 0.9)": ratio(result, "HandoffServer", "cluster round-robin"),
    "HandoffServer / cluster round-robin, interleaved median (target >= 0.9)": relative("HandoffServer", "cluster round-robin"),
    "HandoffServer / direct serving, interleaved": relative("HandoffServer", "direct serving (this process)"),
    "lost connections (handoff, cluster, direct)": [lost.handoff, lost.cluster, lost.direct],
    "HandoffServer dropped connections": handoffStats.dropped,
  });
}

if (groups.has("channel")) await channelGroup();
if (groups.has("pool")) await poolGroup();
if (groups.has("handoff")) await handoffGroup();
save("processes");
