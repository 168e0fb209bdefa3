import {
  Actor,
  type ActorContext,
  ActorScheduler,
  type Coroutine,
  field,
  type IoCoroutine,
  IoScheduler,
  model,
  PriorityScheduler,
  SerializeError,
  TaskScheduler,
} from "decorum";
import { heading } from "./heading.js";

@model("tour.Tally")
class Tally extends Actor<number> {
  @field() total = 0;
  receive(n: number, ctx: ActorContext): void {
    this.total += n;
    if (n > 1) ctx.send(ctx.self, n - 1);
  }
}

/** Round-robin tasks, actors with snapshots, priority scheduling and I/O coroutines on real sockets. */
export async function schedulersTour(): Promise<void> {
  heading("Schedulers: round-robin tasks, actors, priorities and I/O coroutines");

  const out: string[] = [];
  function* countdown(n: number) {
    for (; n > 0; n--) {
      out.push(`T-minus ${n}`);
      yield;
    }
    out.push("Blastoff!");
  }
  function* countup(n: number) {
    for (let x = 0; x < n; x++) {
      out.push(`Counting up ${x}`);
      yield;
    }
  }
  const tasks = new TaskScheduler();
  tasks.spawn(countdown, 3);
  tasks.spawn(countup, 3);
  tasks.run();
  console.log(`TaskScheduler (round-robin on a Deque): ${out.join(", ")}`);

  const actors = new ActorScheduler();
  actors.spawn("tally", Tally);
  actors.send("tally", 4);
  actors.run(2);
  const json = actors.snapshot();
  console.log(`ActorScheduler snapshot after 2 messages: ${json}`);
  const restored = ActorScheduler.restore(json);
  restored.run();
  console.log(`restored and finished: the tally holds ${JSON.parse(restored.snapshot()).actors[0].actor.total} (4+3+2+1)`);
  actors.spawn(
    "gen",
    (function* (): Coroutine {
      for (;;) yield;
    })(),
  );
  try {
    actors.snapshot();
  } catch (error) {
    if (!(error instanceof SerializeError)) throw error;
    console.log(`generator actors cannot be saved: ${error.message.slice(0, 58)}…`);
  }

  const served: string[] = [];
  const prio = new PriorityScheduler<string>((req) => served.push(req));
  for (const [req, p] of [
    ["backup", 0],
    ["login", 5],
    ["report", 1],
    ["outage", 9],
    ["login2", 5],
  ] as const)
    prio.submit(req, p);
  prio.run();
  console.log(`PriorityScheduler (most important first, FIFO among equals): ${served.join(" → ")}`);

  const io = new IoScheduler();
  const listener = await io.listen({ port: 0 });
  io.spawn(function* echo(): IoCoroutine {
    const [client] = yield* listener.accept();
    void listener.close(); // one client is enough for the tour
    for (let line = yield* client.readline(); line; line = yield* client.readline()) yield* client.send(`GOT:${line}`);
    client.close();
  });
  const replies: string[] = [];
  io.spawn(function* talk(): IoCoroutine {
    const sock = yield* io.connect({ port: listener.port });
    for (const word of ["ping", "pong"]) {
      yield* sock.send(`${word}\n`);
      replies.push((yield* sock.readline()).trim());
    }
    sock.close();
  });
  await io.run();
  await io.close();
  console.log(`IoScheduler echo over 127.0.0.1 (coroutine client and server): ${replies.join(", ")}`);
}
