/**
 * The serving module of the hand-off example: each worker process of a
 * `HandoffServer` calls `serve` with a socket its parent accepted, and
 * echoes every line back in upper case, after its own pid, until the
 * client ends.
 */
import type { Socket } from "node:net";

export function serve(socket: Socket): void {
  socket.setEncoding("utf8");
  let pending = "";
  socket.on("data", (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
      socket.write(`${process.pid} ${pending.slice(0, nl).toUpperCase()}\n`);
      pending = pending.slice(nl + 1);
    }
  });
  socket.on("end", () => socket.end());
}
