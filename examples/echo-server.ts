/**
 * The Python recipe's EchoServer: coroutines that yield socket operations, run by an
 * IoScheduler on real node:net sockets (127.0.0.1 only). The handler reads
 * lines with `yield* client.readline()` and answers "GOT:<line>".
 *
 * A few scripted clients connect (one after another, then three at once),
 * and the server shuts down cleanly with `close()`, so the example exits
 * on its own.
 */
import * as net from "node:net";
import { type IoCoroutine, type IoListener, IoScheduler, type IoSocket } from "decorum";

class EchoServer {
  constructor(
    readonly sched: IoScheduler,
    listener: IoListener,
  ) {
    sched.spawn(this.serverLoop(listener));
  }

  *serverLoop(listener: IoListener): IoCoroutine {
    for (;;) {
      const [client, addr] = yield* listener.accept();
      console.log("Got connection from", addr.address);
      this.sched.spawn(this.clientHandler(client));
    }
  }

  *clientHandler(client: IoSocket): IoCoroutine {
    for (;;) {
      const line = yield* client.readline();
      if (!line) break;
      let out = Buffer.from(`GOT:${line}`);
      while (out.length > 0) {
        const nsent = yield* client.send(out);
        out = out.subarray(nsent);
      }
    }
    client.close();
    console.log("Client closed");
  }
}

/** A plain net client: writes its pieces (a line may arrive in parts), then reads until the server closes. */
function client(port: number, pieces: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: "127.0.0.1" });
    let reply = "";
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error("client timed out"));
    }, 5000);
    sock.setEncoding("utf8");
    sock.on("data", (d: string) => {
      reply += d;
    });
    sock.on("error", reject);
    sock.on("close", () => {
      clearTimeout(timer);
      resolve(reply);
    });
    sock.on("connect", async () => {
      for (const piece of pieces) {
        sock.write(piece);
        await new Promise((r) => setTimeout(r, 10));
      }
      sock.end();
    });
  });
}

const sched = new IoScheduler();
const listener = await sched.listen({ host: "127.0.0.1", port: 0 });
new EchoServer(sched, listener);
const running = sched.run();

for (const pieces of [["Hello\n", "wor", "ld\n"], ["one\ntwo\nthree\n"]]) {
  const reply = await client(listener.port, pieces);
  console.log(`  client got ${JSON.stringify(reply)}`);
}

console.log("Three clients at once:");
const replies = await Promise.all(["a", "b", "c"].map((name) => client(listener.port, [`${name}1\n`, `${name}2\n`])));
for (const reply of replies) console.log(`  client got ${JSON.stringify(reply)}`);

await sched.close();
await running;
console.log(`Server closed (failures: ${sched.failures.length})`);
