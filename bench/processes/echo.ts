/**
 * Serving function of the hand-off benchmark: answers each "ping <n>\n"
 * with "pong <n>\n" and ends when the client ends. Also the serving module
 * of the HandoffServer contestant, and (when run as a cluster worker) a
 * server listening on the shared port.
 */
import cluster from "node:cluster";
import { createServer, type Socket } from "node:net";

export function serve(socket: Socket): void {
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => socket.write(chunk.replace("ping", "pong")));
  socket.on("end", () => socket.end());
  socket.on("error", () => socket.destroy());
}

if (cluster.isWorker) {
  const server = createServer(serve);
  server.listen(0, "127.0.0.1");
}
