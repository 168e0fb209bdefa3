/**
 * The Python recipes' coroutine examples, done with decorum's schedulers:
 *
 * 1. countdown / countup interleaved by a round-robin TaskScheduler;
 * 2. the printer / counter actors on an ActorScheduler, then the same
 *    actors as registered classes, snapshotted mid-run and restored;
 * 3. "server ← scheduler ← priority queue ← client requests" with a
 *    PriorityScheduler.
 */
import { Actor, type ActorContext, ActorScheduler, type Coroutine, field, model, PriorityScheduler, TaskScheduler } from "decorum";

const print = (...args: unknown[]) => console.log(args.join(" "));

// ── 1. Round-robin tasks ────────────────────────────────────────────────
function* countdown(n: number) {
  while (n > 0) {
    print("T-minus", n);
    yield;
    n -= 1;
  }
  print("Blastoff!");
}

function* countup(n: number) {
  let x = 0;
  while (x < n) {
    print("Counting up", x);
    yield;
    x += 1;
  }
}

console.log("1. TaskScheduler: countdown(5) and countup(6), round-robin");
const tasks = new TaskScheduler();
tasks.spawn(countdown(5));
tasks.spawn(countup(6));
tasks.run();

// ── 2. Actors ───────────────────────────────────────────────────────────
function* printer(): Coroutine {
  for (;;) {
    const msg = yield;
    print("Got:", msg);
  }
}

function* counter(sched: ActorScheduler): Coroutine {
  for (;;) {
    const n = yield;
    if (n === 0) break;
    sched.send("printer", n);
    sched.send("counter", n - 1);
  }
}

console.log("\n2. ActorScheduler: the Python recipe's printer and counter (n = 5)");
const actors = new ActorScheduler();
actors.spawn("printer", printer());
actors.spawn("counter", counter(actors));
actors.send("counter", 5);
actors.run();

// With n = 10000 the output is 10000 lines; count them instead of printing.
const lines: string[] = [];
const quiet = new ActorScheduler();
quiet.spawn(
  "printer",
  (function* (): Coroutine {
    for (;;) lines.push(`Got: ${yield}`);
  })(),
);
quiet.spawn("counter", counter(quiet));
quiet.send("counter", 10000);
const delivered = quiet.run();
console.log(`   n = 10000: ${lines.length} lines, "${lines[0]}" … "${lines.at(-1)}" (${delivered} messages delivered)`);

// Class-based actors are registered models: their state and the queue snapshot as JSON.
const printed: string[] = [];

@model("examples.Printer")
class Printer extends Actor<number> {
  @field() received = 0;
  receive(n: number): void {
    this.received++;
    printed.push(`Got: ${n}`);
  }
}

@model("examples.Counter")
class Counter extends Actor<number> {
  receive(n: number, ctx: ActorContext): void {
    if (n === 0) {
      ctx.stop();
      return;
    }
    ctx.send("printer", n);
    ctx.send("counter", n - 1);
  }
}

console.log("\n   Class-based actors, snapshotted after 5 messages and restored:");
const first = new ActorScheduler();
first.spawn("printer", Printer);
first.spawn("counter", Counter);
first.send("counter", 5);
first.run(5);
const snapshot = first.snapshot();
console.log(`   snapshot: ${snapshot}`);
const resumed = ActorScheduler.restore(snapshot);
resumed.run();
console.log(`   printed across both runs: ${printed.join(", ")}`);

try {
  actors.snapshot();
} catch (error) {
  console.log(`   a generator actor cannot be snapshotted: ${(error as Error).name}: ${(error as Error).message}`);
}

// ── 3. Priority scheduling ──────────────────────────────────────────────
//      server ← scheduler ← priority queue ← client requests
interface Request {
  client: string;
  what: string;
  priority: number;
}

function* server(req: Request): Coroutine<undefined, string> {
  // a request is served in two steps; between them the scheduler may serve others
  print(`   serving ${req.what} for ${req.client} (priority ${req.priority})`);
  yield;
  return `${req.what}: ok`;
}

console.log("\n3. PriorityScheduler: server ← scheduler ← priority queue ← client requests");
const responses: string[] = [];
const sched = new PriorityScheduler<Request>(server, { onExit: (task) => responses.push(String(task.result)) });
const requests: Request[] = [
  { client: "alice", what: "report", priority: 1 },
  { client: "bob", what: "backup", priority: 0 },
  { client: "carol", what: "login", priority: 5 },
  { client: "dave", what: "report", priority: 1 },
  { client: "erin", what: "login", priority: 5 },
];
for (const req of requests) sched.submit(req, req.priority);
sched.run(3);
console.log("   an outage report arrives while the server is busy:");
sched.submit({ client: "ops", what: "outage", priority: 9 }, 9);
sched.run();
console.log(`   responses, in completion order: ${responses.join(" | ")}`);
