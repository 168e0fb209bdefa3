import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SchedulerError } from "../../src/errors.js";
import { type IoCoroutine, type IoListener, type IoRequest, IoScheduler, type IoSocket, type Task } from "../../src/runtime/index.js";

const LIMIT_MS = 5000;

/** Rejects if `promise` does not settle within `ms`: nothing in this file can hang. */
function within<T>(promise: Promise<T>, label: string, ms = LIMIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// Every scheduler and raw socket a test opens is closed after it, pass or fail.
const schedulers: IoScheduler[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(schedulers.splice(0).map((s) => s.close()));
});

function scheduler(options?: ConstructorParameters<typeof IoScheduler>[0]): IoScheduler {
  const s = new IoScheduler(options);
  schedulers.push(s);
  return s;
}

/** The Python recipe's EchoServer, written with yield*. */
class EchoServer {
  readonly log: string[] = [];
  readonly handlers: Task[] = [];
  constructor(
    readonly sched: IoScheduler,
    listener: IoListener,
  ) {
    sched.spawn(this.serverLoop(listener), { name: "serverLoop" });
  }
  *serverLoop(listener: IoListener): IoCoroutine {
    for (;;) {
      const [client, addr] = yield* listener.accept();
      this.log.push(`Got connection from ${addr.address}`);
      this.handlers.push(this.sched.spawn(this.clientHandler(client), { name: "clientHandler" }));
    }
  }
  *clientHandler(client: IoSocket): IoCoroutine {
    for (;;) {
      const line = yield* client.readline();
      if (!line) break;
      let out = Buffer.from(`GOT:${line}`);
      while (out.length > 0) {
        const n = yield* client.send(out);
        out = out.subarray(n);
      }
    }
    client.close();
    this.log.push("Client closed");
  }
}

async function echoServer() {
  const sched = scheduler();
  const listener = await sched.listen({ port: 0 });
  const server = new EchoServer(sched, listener);
  const done = sched.run();
  return { sched, listener, server, done };
}

/**
 * A real net client: writes each string (a number is a pause in ms), then
 * ends its side and resolves with everything the server sent once the server closes.
 */
function talk(port: number, script: (string | number)[], options: { destroyAfter?: boolean } = {}): Promise<string> {
  const sock = net.connect({ port, host: "127.0.0.1" });
  sockets.push(sock);
  let received = "";
  sock.setEncoding("utf8");
  sock.on("data", (d: string) => {
    received += d;
  });
  const closed = new Promise<string>((resolve, reject) => {
    sock.on("error", reject);
    sock.on("close", () => resolve(received));
  });
  const run = async () => {
    await new Promise<void>((resolve, reject) => {
      sock.once("connect", resolve);
      sock.once("error", reject);
    });
    for (const step of script) {
      if (typeof step === "number") await delay(step);
      else sock.write(step);
    }
    if (options.destroyAfter) sock.destroy();
    else sock.end();
  };
  return within(
    run().then(() => closed),
    `client ${JSON.stringify(script)}`,
  );
}

describe("IoScheduler", () => {
  it("serves the Python recipe's echo server to several concurrent real net clients", async () => {
    const { sched, listener, server, done } = await echoServer();
    expect(listener.address.address).toBe("127.0.0.1");
    const scripts = Array.from({ length: 6 }, (_, c) => Array.from({ length: 5 }, (_, i) => `client ${c} line ${i}\n`));
    const replies = await Promise.all(scripts.map((lines) => talk(listener.port, lines)));
    replies.forEach((reply, c) => {
      expect(reply).toBe((scripts[c] as string[]).map((l) => `GOT:${l}`).join(""));
    });
    await within(sched.close(), "close");
    await within(done, "run() after close");
    expect(server.log.filter((l) => l === "Client closed")).toHaveLength(6);
    expect(server.log.filter((l) => l === "Got connection from 127.0.0.1")).toHaveLength(6);
    expect(server.handlers.every((t) => t.state === "done")).toBe(true);
    expect(sched.failures).toEqual([]);
    expect(sched.size).toBe(0);
  });

  it("assembles lines split across packets and splits packets holding several lines", async () => {
    const { listener } = await echoServer();
    const reply = await talk(listener.port, ["hel", 30, "lo\nwor", 30, "ld\n", "a\nb\nc\n", 10, "é", 10, "t\n"]);
    expect(reply).toBe("GOT:hello\nGOT:world\nGOT:a\nGOT:b\nGOT:c\nGOT:ét\n");
  });

  it("serves concurrent clients whose lines arrive in interleaved fragments", async () => {
    const { sched, listener, server } = await echoServer();
    const scripts: (string | number)[][] = [0, 1, 2, 3].map((c) => [
      `c${c}-a`,
      15 + 5 * c,
      `bc\nc${c}-`,
      10,
      "d",
      20 - 5 * c,
      `e\nc${c}-tail`,
    ]);
    const replies = await Promise.all(scripts.map((script) => talk(listener.port, script)));
    expect(replies).toEqual([0, 1, 2, 3].map((c) => `GOT:c${c}-abc\nGOT:c${c}-de\nGOT:c${c}-tail`));
    expect(server.handlers).toHaveLength(4);
    expect(sched.failures).toEqual([]);
  });

  it("resumes a blocked coroutine once per completed operation (no polling while it waits)", async () => {
    const sched = scheduler();
    const listener = await sched.listen();
    let resumes = 0;
    const lines: string[] = [];
    sched.spawn(function* counted(): IoCoroutine {
      // plain `yield op` (not yield*): every resumption of this generator passes through here
      const accepted = (yield listener.accept()) as [IoSocket, unknown];
      resumes++;
      const client = accepted[0];
      for (;;) {
        const line = (yield client.readline()) as string;
        resumes++;
        if (!line) break;
        lines.push(line);
      }
      client.close();
    });
    const done = sched.run();
    // long pauses: a polling scheduler would resume the reader many times in between
    const reply = talk(listener.port, [60, "one\n", 60, "tw", 60, "o\n", 60]);
    await delay(30);
    const waiting = sched.size === 1 && [...sched.failures].length === 0;
    // while the coroutine waits on the socket, the scheduler keeps nothing queued on the event loop
    const immediates = process.getActiveResourcesInfo().filter((r) => r === "Immediate").length;
    await reply;
    await within(done, "run");
    expect(waiting).toBe(true);
    expect(immediates).toBe(0);
    expect(lines).toEqual(["one\n", "two\n"]);
    expect(resumes).toBe(4); // accept, "one", "two", end-of-stream
  });

  it("returns the unterminated rest of a line at end-of-stream", async () => {
    const { listener } = await echoServer();
    expect(await talk(listener.port, ["one\ntwo"])).toBe("GOT:one\nGOT:two");
  });

  it("ends only the coroutine of a client that disconnects mid-line", async () => {
    const exits: Task[] = [];
    const sched = scheduler({ onExit: (t) => exits.push(t), onError: () => {} });
    const listener = await sched.listen({ port: 0 });
    const server = new EchoServer(sched, listener);
    const done = sched.run();
    const steady = talk(listener.port, ["before\n", 60, "after\n"]);
    await talk(listener.port, ["half a li"], { destroyAfter: true });
    await within(
      (async () => {
        while (!exits.some((t) => t.name === "clientHandler")) await delay(5);
      })(),
      "the disconnected client's coroutine ends",
    );
    expect(await steady).toBe("GOT:before\nGOT:after\n");
    expect(server.handlers).toHaveLength(2);
    expect(server.handlers.every((t) => t.finished)).toBe(true);
    expect(exits.map((t) => t.name)).not.toContain("serverLoop");
    await sched.close();
    await within(done, "run() after close");
  });

  it("close() stops accepting, closes connected clients and lets blocked readers finish", async () => {
    const { sched, listener, server, done } = await echoServer();
    const sock = net.connect({ port: listener.port, host: "127.0.0.1" });
    sockets.push(sock);
    const closed = new Promise<void>((resolve) => sock.on("close", () => resolve()));
    sock.on("error", () => {});
    sock.write("ping\n");
    await within(new Promise((resolve) => sock.once("data", resolve)), "first echo");
    expect(server.handlers).toHaveLength(1);
    await within(sched.close(), "close");
    await within(done, "run() resolves");
    await within(closed, "the client sees the connection close");
    expect(server.handlers[0]?.state).toBe("done");
    expect(server.log).toContain("Client closed");
    expect(sched.size).toBe(0);
    await expect(
      new Promise((resolve, reject) => {
        const late = net.connect({ port: listener.port, host: "127.0.0.1" });
        sockets.push(late);
        late.on("error", reject);
        late.on("connect", () => resolve("connected"));
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    await expect(sched.listen()).rejects.toThrow(SchedulerError);
  });

  it("receives raw bytes with recv(n) and an empty Buffer at end-of-stream", async () => {
    const sched = scheduler();
    const listener = await sched.listen();
    const chunks: string[] = [];
    sched.spawn(function* reader(): IoCoroutine {
      const [client] = yield* listener.accept();
      for (;;) {
        const data = yield* client.recv(3);
        if (data.length === 0) break;
        expect(data.length).toBeLessThanOrEqual(3);
        chunks.push(data.toString());
      }
      client.close();
    });
    const done = sched.run();
    await talk(listener.port, ["abcdefgh", 20, "ij"]);
    await within(sched.close(), "close");
    await within(done, "run");
    expect(chunks.join("")).toBe("abcdefghij");
    expect(chunks.slice(0, 3)).toEqual(["abc", "def", "gh"]);
  });

  it("reads a line byte by byte with recv(1), as the Python recipe's readline did", async () => {
    const sched = scheduler();
    const listener = await sched.listen();
    function* readline(sock: IoSocket): Generator<IoRequest<unknown> | undefined, string, unknown> {
      const chars: Buffer[] = [];
      for (;;) {
        const c = yield* sock.recv(1);
        if (c.length === 0) break;
        chars.push(c);
        if (c[0] === 10) break;
      }
      return Buffer.concat(chars).toString();
    }
    const lines: string[] = [];
    sched.spawn(function* (): IoCoroutine {
      const [client] = yield* listener.accept();
      for (let line = yield* readline(client); line; line = yield* readline(client)) lines.push(line);
      client.close();
    });
    const done = sched.run();
    await talk(listener.port, ["x\ny", 10, "z\n"]);
    await sched.close();
    await within(done, "run");
    expect(lines).toEqual(["x\n", "yz\n"]);
  });

  it("connects coroutine clients to a coroutine server on the same scheduler", async () => {
    const sched = scheduler();
    const listener = await sched.listen();
    new EchoServer(sched, listener);
    const answers: string[][] = [];
    function* client(id: number): IoCoroutine {
      // client 2 uses the deprecated two-argument form, which still works
      const sock = yield* id === 2 ? sched.connect(listener.port, "127.0.0.1") : sched.connect({ port: listener.port });
      expect(sock.remote.port).toBe(listener.port);
      const got: string[] = [];
      for (let i = 0; i < 3; i++) {
        yield* sock.send(`${id}.${i}\n`);
        got.push(yield* sock.readline());
      }
      sock.close();
      answers[id] = got;
    }
    const clients = [0, 1, 2].map((id) => sched.spawn(client, id));
    const done = sched.run();
    await within(
      (async () => {
        while (!clients.every((t) => t.finished)) await delay(5);
      })(),
      "clients finish",
    );
    await sched.close();
    await within(done, "run");
    expect(answers).toEqual([0, 1, 2].map((id) => [0, 1, 2].map((i) => `GOT:${id}.${i}\n`)));
    expect(sched.failures).toEqual([]);
  });

  it("throws a refused connection into the connecting coroutine only", async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const sched = scheduler();
    let caught: unknown;
    sched.spawn(function* (): IoCoroutine {
      try {
        yield* sched.connect({ port, host: "127.0.0.1" });
      } catch (error) {
        caught = error;
      }
    });
    await within(sched.run(), "run");
    expect((caught as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("waits for drain under backpressure and reports the bytes sent", async () => {
    const sched = scheduler();
    const listener = await sched.listen();
    const big = "x".repeat(1 << 20);
    let sent = 0;
    sched.spawn(function* (): IoCoroutine {
      const [client] = yield* listener.accept();
      for (let i = 0; i < 8; i++) sent += yield* client.send(big);
      client.close();
    });
    const done = sched.run();
    const sock = net.connect({ port: listener.port, host: "127.0.0.1" });
    sockets.push(sock);
    let bytes = 0;
    sock.pause();
    await within(new Promise((r) => sock.once("connect", r)), "connect");
    await delay(50); // let the server fill the socket buffers while nothing reads
    sock.on("data", (d: Buffer) => {
      bytes += d.length;
    });
    sock.resume();
    await within(new Promise((r) => sock.on("end", r)), "all data");
    sock.end();
    await within(done, "run");
    expect(sent).toBe(8 << 20);
    expect(bytes).toBe(8 << 20);
  });

  it("isolates a coroutine that throws and one that yields something that is not an operation", async () => {
    const sched = scheduler();
    const listener = await sched.listen();
    let badYield: unknown;
    sched.spawn(function* thrower(): IoCoroutine {
      yield;
      throw new Error("handler bug");
    });
    sched.spawn(function* confused(): IoCoroutine {
      try {
        yield 42 as never;
      } catch (error) {
        badYield = error;
      }
    });
    sched.spawn(function* (): IoCoroutine {
      const [client] = yield* listener.accept();
      yield* client.send("still serving\n");
      client.close();
    });
    const done = sched.run();
    expect(await talk(listener.port, [])).toBe("still serving\n");
    await within(done, "run");
    expect(sched.failures.map((f) => [f.task.name, (f.error as Error).message])).toEqual([["thrower", "handler bug"]]);
    expect((badYield as SchedulerError).reason).toBe("bad-yield");
  });

  it("cancels a coroutine blocked on a read, running its finally block", async () => {
    const sched = scheduler();
    const listener = await sched.listen();
    const log: string[] = [];
    let reading: Task | undefined;
    sched.spawn(function* (): IoCoroutine {
      const [client] = yield* listener.accept();
      reading = sched.spawn(function* blocked(): IoCoroutine {
        try {
          yield* client.readline();
          log.push("never");
        } finally {
          log.push("finally");
          client.close();
        }
      });
    });
    const done = sched.run();
    const reply = talk(listener.port, [200]);
    await within(
      (async () => {
        while (reading?.state !== "waiting") await delay(5);
      })(),
      "reader blocks",
    );
    expect(sched.cancel(reading as Task)).toBe(true);
    expect(log).toEqual(["finally"]);
    expect(await reply).toBe("");
    await within(done, "run");
    expect(reading?.state).toBe("cancelled");
  });

  it("throws a connection reset into the reading coroutine only", async () => {
    const exits: Task[] = [];
    const sched = scheduler({ onExit: (t) => exits.push(t) });
    const listener = await sched.listen();
    const server = new EchoServer(sched, listener);
    const done = sched.run();
    const steady = talk(listener.port, ["one\n", 80, "two\n"]);
    const rude = net.connect({ port: listener.port, host: "127.0.0.1" });
    sockets.push(rude);
    rude.on("error", () => {});
    await within(new Promise((r) => rude.once("connect", r)), "connect");
    rude.write("half");
    await within(
      (async () => {
        while (server.handlers.length < 2 || server.handlers.some((t) => t.state !== "waiting")) await delay(5);
      })(),
      "both handlers wait for a line",
    );
    rude.resetAndDestroy();
    await within(
      (async () => {
        while (!exits.some((t) => t.name === "clientHandler")) await delay(5);
      })(),
      "the reset connection's handler ends",
    );
    const failed = sched.failures.map((f) => (f.error as NodeJS.ErrnoException).code);
    expect(failed).toEqual(["ECONNRESET"]);
    expect(await steady).toBe("GOT:one\nGOT:two\n");
    await sched.close();
    await within(done, "run");
    expect(server.handlers.map((t) => t.state).sort()).toEqual(["done", "failed"]);
  });

  it("lets only one coroutine read a socket at a time", async () => {
    const sched = scheduler();
    const listener = await sched.listen();
    let busy: unknown;
    sched.spawn(function* (): IoCoroutine {
      const [client] = yield* listener.accept();
      sched.spawn(function* first(): IoCoroutine {
        yield* client.readline();
        client.close();
      });
      sched.spawn(function* second(): IoCoroutine {
        try {
          yield* client.readline();
        } catch (error) {
          busy = error;
        }
      });
    });
    const done = sched.run();
    await talk(listener.port, [50, "line\n"]);
    await within(done, "run");
    expect((busy as SchedulerError).reason).toBe("busy");
  });

  it("wraps a socket accepted by a plain net server", async () => {
    const sched = scheduler();
    const plain = net.createServer({ allowHalfOpen: true }, (s) => {
      sched.spawn(function* (): IoCoroutine {
        const sock = sched.wrap(s);
        const line = yield* sock.readline();
        yield* sock.send(line.toUpperCase());
        sock.close();
      });
    });
    await new Promise<void>((r) => plain.listen(0, "127.0.0.1", () => r()));
    const done = sched.run();
    try {
      expect(await talk((plain.address() as net.AddressInfo).port, ["shout\n"])).toBe("SHOUT\n");
      await within(done, "run");
    } finally {
      for (const s of sockets.splice(0)) s.destroy();
      await new Promise<void>((r) => plain.close(() => r()));
    }
  });

  it("resolves run() at once when there is nothing to do, and starts coroutines without it", async () => {
    const sched = scheduler();
    await within(sched.run(), "empty run");
    const log: string[] = [];
    sched.spawn(function* (): IoCoroutine {
      log.push("a1");
      yield;
      log.push("a2");
    });
    sched.spawn(function* (): IoCoroutine {
      log.push("b1");
      yield* [];
    });
    expect(log).toEqual([]); // starts on the next microtask, not inside spawn
    await within(sched.run(), "run");
    expect(log).toEqual(["a1", "b1", "a2"]);
    expect(sched.closed).toBe(false);
  });
});

/** A line client: `ask` sends a line and resolves to the reply line. */
function lineClient(port: number) {
  const sock = net.connect({ port, host: "127.0.0.1" });
  sockets.push(sock);
  sock.setEncoding("utf8");
  sock.on("error", () => {});
  let buffer = "";
  const waiting: ((line: string) => void)[] = [];
  sock.on("data", (d: string) => {
    buffer += d;
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl + 1);
      buffer = buffer.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  const closed = new Promise<void>((r) => sock.once("close", () => r()));
  return {
    sock,
    closed,
    ask: (line: string) =>
      within(
        new Promise<string>((resolve) => {
          waiting.push(resolve);
          sock.write(line);
        }),
        `reply to ${line.trim()}`,
      ),
  };
}

describe("IoScheduler: bounded buffers", () => {
  it("refuses a line past the 64 KiB default limit, closes that connection and keeps serving the others", async () => {
    const { sched, listener, server } = await echoServer();
    expect(sched.limit).toBe(65536);
    const steady = lineClient(listener.port);
    expect(await steady.ask("before\n")).toBe("GOT:before\n");
    // 1.5 MiB without a newline, written while the server reads it.
    const flood = lineClient(listener.port);
    const chunk = "a".repeat(64 * 1024);
    for (let i = 0; i < 24; i++) flood.sock.write(chunk);
    expect(await steady.ask("during\n")).toBe("GOT:during\n");
    await within(flood.closed, "the flooding connection to be closed by the server");
    await within(
      (async () => {
        while (sched.failures.length === 0) await delay(5);
      })(),
      "the flooded handler to fail",
    );
    const error = sched.failures[0]?.error as SchedulerError;
    expect(error).toBeInstanceOf(SchedulerError);
    expect(error.reason).toBe("limit");
    expect(error.target).toBe("clientHandler");
    const buffered = Number(/no newline in the first (\d+) bytes/.exec(error.message)?.[1]);
    // The server held at most the limit plus one read of the socket.
    expect(buffered).toBeGreaterThanOrEqual(65536);
    expect(buffered).toBeLessThanOrEqual(2 * 65536);
    expect(error.message).toMatch(/more than the limit of 65536 bytes per line; the connection was closed/);
    expect(await steady.ask("after\n")).toBe("GOT:after\n");
    const fresh = await talk(listener.port, ["new client\n"]);
    expect(fresh).toBe("GOT:new client\n");
    expect(sched.failures).toHaveLength(1);
    expect(server.handlers.filter((t) => t.state === "failed")).toHaveLength(1);
  });

  it("returns a line of exactly the limit and refuses one byte more, whether or not its newline has arrived", async () => {
    const sched = scheduler({ limit: 16 });
    const listener = await sched.listen();
    new EchoServer(sched, listener);
    sched.run();
    const exact = `${"x".repeat(15)}\n`;
    expect(await talk(listener.port, [exact])).toBe(`GOT:${exact}`);
    // A 17-byte line arriving whole, and 17 bytes with no newline yet.
    expect(await talk(listener.port, [`${"y".repeat(16)}\n`]).catch(() => "")).toBe("");
    expect(await talk(listener.port, ["z".repeat(17), 50, "\n"], { destroyAfter: true }).catch(() => "reset")).toMatch(/^(|reset)$/);
    const messages = sched.failures.map((f) => (f.error as Error).message);
    expect(messages[0]).toMatch(/^readline: a line of 17 bytes, more than the limit of 16 bytes/);
    expect(messages[1]).toMatch(/^readline: no newline in the first 17 bytes, more than the limit of 16 bytes/);
    // The unterminated rest at end-of-stream is still returned when it fits.
    expect(await talk(listener.port, ["short"])).toBe("GOT:short");
  });

  it("takes the limit per listener, per wrapped socket and per socket, and checks it", async () => {
    const sched = scheduler();
    const listener = await sched.listen({ limit: 8 });
    const seen: unknown[] = [];
    sched.spawn(function* (): IoCoroutine {
      const [a] = yield* listener.accept();
      expect(a.limit).toBe(8);
      try {
        yield* a.readline();
      } catch (error) {
        seen.push((error as SchedulerError).reason);
      }
      const [b] = yield* listener.accept();
      b.limit = 1024;
      seen.push(yield* b.readline());
      b.close();
    });
    sched.run();
    await talk(listener.port, ["123456789\n"]).catch(() => "");
    await talk(listener.port, ["a longer line than eight\n"]);
    await within(
      (async () => {
        while (seen.length < 2) await delay(5);
      })(),
      "both readers",
    );
    expect(seen).toEqual(["limit", "a longer line than eight\n"]);
    const raw = new net.Socket();
    expect(sched.wrap(raw, { limit: 3 }).limit).toBe(3);
    raw.destroy();
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "64" as never]) {
      expect(() => new IoScheduler({ limit: bad })).toThrow(RangeError);
      await expect(sched.listen({ limit: bad })).rejects.toThrow(/limit must be a positive integer/);
      expect(() => sched.wrap(new net.Socket(), { limit: bad })).toThrow(RangeError);
    }
  });

  it("refuses recv sizes that are not numbers >= 1 instead of corrupting the buffer", async () => {
    const sched = scheduler();
    const sock = sched.wrap(new net.Socket());
    for (const bad of [Number.NaN, 0, -5, 0.5, "10" as never]) expect(() => sock.recv(bad)).toThrow(RangeError);
    expect(() => sock.recv(Number.POSITIVE_INFINITY)).not.toThrow();
    sock.socket.destroy();
  });
});

describe("IoScheduler: bounded accept queue", () => {
  it("holds at most backlog connections waiting for accept() and closes the rest at once", async () => {
    const sched = scheduler();
    const listener = await sched.listen({ backlog: 2 });
    const clients = Array.from({ length: 5 }, () => lineClient(listener.port));
    await within(
      (async () => {
        while (listener.pending + listener.refused < 5) await delay(5);
      })(),
      "every connection to reach the listener",
    );
    expect([listener.pending, listener.refused]).toEqual([2, 3]);
    let closedCount = 0;
    for (const c of clients) void c.closed.then(() => closedCount++);
    await within(
      (async () => {
        while (closedCount < 3) await delay(5);
      })(),
      "the refused clients to see their connection closed",
    );
    // The two that waited are served once a coroutine accepts them.
    new EchoServer(sched, listener);
    sched.run();
    const waiting = clients.filter((c) => !c.sock.destroyed && c.sock.readyState === "open");
    expect(waiting).toHaveLength(2);
    for (const [i, c] of waiting.entries()) expect(await c.ask(`queued ${i}\n`)).toBe(`GOT:queued ${i}\n`);
    await expect(sched.listen({ backlog: 0 })).rejects.toThrow(RangeError);
  });
});
