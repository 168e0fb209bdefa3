/**
 * The Python recipe "server hands accepted sockets to a worker process" example,
 * done with decorum: the parent accepts TCP connections on 127.0.0.1 and
 * passes each socket to one of two worker processes (round-robin), which
 * serves it (an upper-casing echo, examples/workers/echo.ts). Then one
 * worker is killed: its connection closes, the parent keeps serving, and a
 * replacement worker takes its place. A few scripted clients, then exit.
 */
import { once } from "node:events";
import { connect } from "node:net";
import { HandoffServer } from "decorum";

const server = new HandoffServer({ module: new URL("./workers/echo.js", import.meta.url), workers: 2 });
const names = new Map<number | undefined, string>();
server.on("spawn", (pid: number) => names.set(pid, `worker ${names.size + 1}`));
const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
console.log(`listening on 127.0.0.1 (${server.size} worker processes, round-robin)`);

/** One scripted client: sends a line, reads the echo; `hold` keeps the connection open. */
function client(line: string, hold = false): Promise<{ reply: string; by: string; close: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.setEncoding("utf8");
    socket.on("error", () => {
      // The serving worker died: "close" follows.
    });
    const closed = new Promise<string>((r) => socket.once("close", (hadError) => r(hadError ? "reset" : "closed")));
    socket.once("data", (data: string) => {
      if (!hold) socket.end();
      const space = data.indexOf(" ");
      resolve({ reply: data.slice(space + 1).trim(), by: names.get(Number(data.slice(0, space))) ?? "?", close: () => closed });
    });
    socket.once("close", () => reject(new Error("closed before replying")));
    socket.write(`${line}\n`);
  });
}

const pidOf = (name: string) => [...names].find(([, n]) => n === name)?.[0] as number;

for (const line of ["hello", "from", "the", "parent"]) {
  const { reply, by, close } = await client(line);
  await close();
  console.log(`  ${line.padEnd(9)} -> ${reply.padEnd(9)} (served by ${by})`);
}

const held = await client("held open", true);
console.log(`  ${"held open".padEnd(9)} -> ${held.reply.padEnd(9)} (served by ${held.by}, kept open)`);
const exited = once(server, "exit");
process.kill(pidOf(held.by), "SIGKILL");
await held.close();
await exited;
console.log(`killed ${held.by} mid-connection: its client saw the connection close; the parent goes on`);
while (server.workers.length < 2 || !server.workers.every((w) => w.ready)) await new Promise((r) => setTimeout(r, 10));
console.log(`${held.by} replaced by ${names.get(server.workers.at(-1)?.pid)}`);

for (const line of ["still", "serving", "clients"]) {
  const { reply, by, close } = await client(line);
  await close();
  console.log(`  ${line.padEnd(9)} -> ${reply.padEnd(9)} (served by ${by})`);
}
while (server.stats.completed + server.stats.dropped < server.stats.handedOff) await new Promise((r) => setTimeout(r, 10));
const { accepted, handedOff, completed, dropped, respawned } = server.stats;
console.log(`stats: accepted ${accepted}, handed off ${handedOff}, completed ${completed}, dropped ${dropped}, respawned ${respawned}`);
await server.close();
console.log(`closed: ${server.pids.length} workers left`);
