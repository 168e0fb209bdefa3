import { connect } from "node:net";
import { HandoffServer, ProcessPool, pipe } from "decorum";
import { Rect } from "../workers/shapes.js";
import type * as Tasks from "../workers/tasks.js";
import { heading } from "./heading.js";

/** Sends one line to 127.0.0.1:port and resolves to the reply line. */
function ask(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(`${line}\n`));
    socket.setEncoding("utf8");
    socket.once("data", (reply: string) => {
      socket.end();
      resolve(reply.slice(reply.indexOf(" ") + 1).trim());
    });
    socket.once("error", reject);
  });
}

/** Across processes: a typed channel, a process pool, connection hand-off. */
export async function processesTour(): Promise<void> {
  heading("Across processes: channels, a process pool, connection hand-off");

  const [left, right] = pipe<Rect>();
  left.send(new Rect(2, 3));
  const received = await right.receive();
  console.log(`pipe(): sent Rect(2 × 3); the other end got ${received}, instanceof Rect: ${received instanceof Rect}`);
  left.close();

  const pool = new ProcessPool<typeof Tasks>({ module: new URL("../workers/tasks.js", import.meta.url), workers: 2 });
  const scaled = await pool.submit("scale", new Rect(1, 4), 2);
  console.log(`ProcessPool.submit("scale", Rect(1 × 4), 2) in a worker process -> ${scaled} (a Rect again: ${scaled instanceof Rect})`);
  console.log(
    `ProcessPool.map("area", three rects) -> [${(await pool.map("area", [new Rect(1, 1), new Rect(2, 2), new Rect(3, 3)])).join(", ")}]`,
  );
  const crash = await pool.submit("crash").catch((e: Error) => e.message.replace(/\d+/g, "N"));
  console.log(`a worker dying mid-task: ${crash}; the pool still answers: area = ${await pool.submit("area", new Rect(5, 5))}`);
  await pool.shutdown();

  const server = new HandoffServer({ module: new URL("../workers/echo.js", import.meta.url), workers: 2 });
  const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
  const replies = await Promise.all(["parent", "accepts", "workers", "serve"].map((w) => ask(port, w)));
  console.log(`HandoffServer: 4 connections accepted here, served by worker processes: ${replies.join(" ")}`);
  console.log(`  handed off ${server.stats.handedOff}, per worker: ${server.workers.map((w) => w.handled).join(" + ")}`);
  await server.close();
}
