import { connect, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { WorkerError } from "../../src/errors.js";
import { HandoffServer, type HandoffWorkerExit } from "../../src/runtime/index.js";
import { liveChildren, until } from "../fixtures/runtime/children.js";

const echo = new URL("../fixtures/runtime/echo-worker.mjs", import.meta.url);
const servers: HandoffServer[] = [];
function newServer(options: Partial<ConstructorParameters<typeof HandoffServer>[0]> = {}): HandoffServer {
  const server = new HandoffServer({ module: echo, workers: 2, ...options });
  servers.push(server);
  return server;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close({ timeoutMs: 500 })));
  await until(() => liveChildren().length === 0, "every worker to be reaped");
});

/** A line-oriented loopback client: `ask` sends a line and resolves to the reply line. */
class Client {
  readonly socket: Socket;
  #buffer = "";
  #waiting: ((line: string) => void)[] = [];
  readonly closed: Promise<void>;

  constructor(port: number) {
    this.socket = connect(port, "127.0.0.1");
    this.socket.setEncoding("utf8");
    this.socket.on("error", () => {
      // A reset from a killed worker: "close" follows.
    });
    this.socket.on("data", (chunk: string) => {
      this.#buffer += chunk;
      for (let nl = this.#buffer.indexOf("\n"); nl >= 0; nl = this.#buffer.indexOf("\n")) {
        const line = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        this.#waiting.shift()?.(line);
      }
    });
    this.closed = new Promise((resolve) => this.socket.once("close", () => resolve()));
  }

  ask(text: string): Promise<{ pid: number; text: string }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${text}`)), 5000);
      this.#waiting.push((line) => {
        clearTimeout(timer);
        const colon = line.indexOf(":");
        resolve({ pid: Number(line.slice(0, colon)), text: line.slice(colon + 1) });
      });
      this.socket.write(`${text}\n`);
    });
  }

  async quit(): Promise<void> {
    this.socket.end("quit\n");
    await this.closed;
  }
}

describe("HandoffServer", () => {
  it("hands N concurrent connections to its workers round-robin; each is served in full", async () => {
    const server = newServer();
    const { port, address } = await server.listen(0, "127.0.0.1");
    expect(address).toBe("127.0.0.1");
    const clients = Array.from({ length: 20 }, () => new Client(port));
    const replies = await Promise.all(clients.map(async (c, i) => [await c.ask(`hello ${i}`), await c.ask(`again ${i}`)] as const));
    replies.forEach(([first, second], i) => {
      expect(first.text).toBe(`hello ${i}`);
      expect(second).toEqual({ pid: first.pid, text: `again ${i}` });
      expect(server.pids).toContain(first.pid);
    });
    const perWorker = server.workers.map((w) => w.handled);
    expect(perWorker).toEqual([10, 10]);
    await Promise.all(clients.map((c) => c.quit()));
    await until(() => server.stats.completed === 20, "every connection to be reported closed");
    expect(server.stats).toEqual({ accepted: 20, handedOff: 20, completed: 20, dropped: 0, respawned: 0 });
    await server.close();
    expect(server.pids).toEqual([]);
  });

  it("sends a new connection to the least busy worker", async () => {
    const server = newServer({ dispatch: "least-busy" });
    const { port } = await server.listen({ port: 0, host: "127.0.0.1" });
    const held = new Client(port);
    const heldPid = (await held.ask("held")).pid;
    const pids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const c = new Client(port);
      pids.push((await c.ask(`short ${i}`)).pid);
      await c.quit();
      await until(() => server.stats.completed === i + 1, "the short connection to be reported closed");
    }
    expect(new Set(pids).size).toBe(1);
    expect(pids[0]).not.toBe(heldPid);
    await held.quit();
    await server.close();
  });

  it("keeps serving when a worker is killed: only its connections close, and it is replaced", async () => {
    const server = newServer();
    const exits: HandoffWorkerExit[] = [];
    server.on("exit", (e: HandoffWorkerExit) => exits.push(e));
    const { port } = await server.listen(0, "127.0.0.1"); // the deprecated two-argument form still works
    const clients = Array.from({ length: 6 }, () => new Client(port));
    const first = await Promise.all(clients.map((c, i) => c.ask(`before ${i}`)));
    const [victim, survivor] = server.pids as [number, number];
    const victims = clients.filter((_, i) => first[i]?.pid === victim);
    const survivors = clients.filter((_, i) => first[i]?.pid === survivor);
    expect(victims).toHaveLength(3);
    process.kill(victim, "SIGKILL");
    await Promise.all(victims.map((c) => c.closed));
    for (const [i, c] of survivors.entries()) expect(await c.ask(`still ${i}`)).toEqual({ pid: survivor, text: `still ${i}` });
    await until(() => server.workers.length === 2 && server.workers.every((w) => w.ready && w.pid !== victim), "a replacement worker");
    const fresh = Array.from({ length: 4 }, () => new Client(port));
    const after = await Promise.all(fresh.map((c, i) => c.ask(`after ${i}`)));
    after.forEach((r, i) => {
      expect(r.text).toBe(`after ${i}`);
    });
    expect(new Set(after.map((r) => r.pid))).toEqual(new Set(server.pids));
    expect(exits).toEqual([{ pid: victim, exitCode: null, signal: "SIGKILL", expected: false, dropped: 3 }]);
    await Promise.all([...survivors, ...fresh].map((c) => c.quit()));
    await until(() => server.stats.completed === 7, "the surviving connections to be reported closed");
    expect(server.stats).toEqual({ accepted: 10, handedOff: 10, completed: 7, dropped: 3, respawned: 1 });
    await server.close();
  });

  it("waits for open connections on close, then kills workers that outlast the timeout", async () => {
    const server = newServer({ workers: 1 });
    const { port } = await server.listen();
    const client = new Client(port);
    await client.ask("open");
    const exits: HandoffWorkerExit[] = [];
    server.on("exit", (e: HandoffWorkerExit) => exits.push(e));
    await server.close({ timeoutMs: 300 });
    // The worker still had the connection open, so the timeout killed it.
    expect(exits).toEqual([expect.objectContaining({ signal: "SIGKILL", expected: true, dropped: 1 })]);
    await client.closed;
    expect(server.pids).toEqual([]);
    const refused = connect(port, "127.0.0.1");
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => refused.once("error", resolve));
    expect(error.code).toBe("ECONNREFUSED");
  });

  it("rejects listen when the serving module cannot load, leaving no worker", async () => {
    const server = newServer({ module: new URL("../fixtures/runtime/broken-tasks.mjs", import.meta.url), stdio: "ignore" });
    const error = await server.listen().catch((e: WorkerError) => e);
    expect(error).toBeInstanceOf(WorkerError);
    expect(error).toMatchObject({ reason: "load" });
    expect((error as Error).message).toMatch(/broken on purpose/);
    expect(server.pids).toEqual([]);
    expect(server.address).toBeUndefined();
  });

  it("keeps a worker and its other connections when serve throws or rejects with a hostile value", async () => {
    const server = newServer({ module: new URL("../fixtures/runtime/hostile-serve.mjs", import.meta.url), workers: 1, stdio: "ignore" });
    const exits: HandoffWorkerExit[] = [];
    server.on("exit", (e: HandoffWorkerExit) => exits.push(e));
    const { port } = await server.listen();
    const keeper = new Client(port);
    const pid = (await keeper.ask("first")).pid;
    for (const kind of ["name", "stack", "proxy", "null-prototype"]) {
      const rejecting = new Client(port);
      rejecting.socket.write(`reject ${kind}\n`);
      await rejecting.closed;
      const arming = new Client(port);
      expect((await arming.ask(`arm ${kind}`)).text).toBe("armed");
      const throwing = new Client(port);
      await throwing.closed;
      expect(await keeper.ask(`after ${kind}`)).toEqual({ pid, text: `after ${kind}` });
      arming.socket.destroy();
    }
    const stray = new Client(port);
    expect((await stray.ask("stray")).text).toBe("strayed");
    expect(await keeper.ask("after stray messages")).toEqual({ pid, text: "after stray messages" });
    await stray.quit();
    expect(exits).toEqual([]);
    expect(server.pids).toEqual([pid]);
    await keeper.quit();
    await server.close();
  });

  it("validates its options", () => {
    expect(() => new HandoffServer({ module: echo, workers: 0 })).toThrow(RangeError);
    expect(() => new HandoffServer({ module: echo, dispatch: "random" as never })).toThrow(RangeError);
  });

  it("leaves no worker process behind", async () => {
    await Promise.all(servers.map((s) => s.close({ timeoutMs: 500 })));
    await until(() => liveChildren().length === 0, "every worker to be reaped");
    expect(liveChildren()).toEqual([]);
  });
});
