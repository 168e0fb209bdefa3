/**
 * The entry point of a {@link HandoffServer} worker process: imports the
 * serving module named by its first argument, reports `ready`, then serves
 * every socket the parent hands over with the module's `serve` function and
 * reports each one closed. When the parent disconnects, it exits as soon as
 * its open connections have closed.
 *
 * @module
 * @internal
 */
import type { Socket } from "node:net";
import { importModule } from "./locate.js";
import { errorToPayload } from "./remote-error.js";

type Serve = (socket: Socket, info: { id: number; pid: number }) => unknown;

function send(message: unknown, then?: () => void): void {
  if (!process.connected) return;
  process.send?.(message, (error: Error | null) => {
    if (!error) then?.();
  });
}

async function main(): Promise<void> {
  const specifier = process.argv[2];
  if (!specifier || !process.send) {
    console.error("decorum handoff-worker: start it through HandoffServer (needs an IPC channel and a module)");
    process.exit(2);
  }
  let serve: Serve;
  try {
    const mod = await importModule(specifier);
    const candidate = mod.serve ?? (mod.default as { serve?: unknown } | undefined)?.serve ?? mod.default;
    if (typeof candidate !== "function") throw new TypeError(`${specifier} exports no serve(socket, info) function`);
    serve = candidate as Serve;
  } catch (error) {
    send({ t: "load-error", error: errorToPayload(error) }, () => process.disconnect());
    return;
  }
  let open = 0;
  let leaving = false;
  // Closed connections are reported in batches, once per turn of the event
  // loop: one IPC message for many short connections.
  let closed: number[] = [];
  const report = () => {
    const ids = closed;
    closed = [];
    send({ t: "closed", ids });
  };
  const maybeExit = () => {
    if (!leaving || open > 0) return;
    if (closed.length > 0 && process.connected) report();
    process.exit(0);
  };
  process.on("disconnect", () => {
    leaving = true;
    maybeExit();
  });
  process.on("message", (message: { t?: string; id?: number }, socket: Socket | undefined) => {
    if (message?.t !== "conn" || socket === undefined) return;
    const id = message.id as number;
    open++;
    socket.once("close", () => {
      open--;
      if (closed.push(id) === 1) setImmediate(report);
      maybeExit();
    });
    socket.on("error", () => {
      // A client reset: "close" follows.
    });
    try {
      const result = serve(socket, { id, pid: process.pid });
      if (result instanceof Promise) result.catch((error: unknown) => fail(socket, error));
    } catch (error) {
      fail(socket, error);
    }
  });
  send({ t: "ready" });
}

function fail(socket: Socket, error: unknown): void {
  // Whatever serve threw (a Proxy whose traps throw, a null-prototype
  // object, ...), describing it must not take the worker and its other
  // connections down.
  try {
    const p = errorToPayload(error);
    console.error(`decorum handoff-worker ${process.pid}: serve failed: ${p.stack ?? `${p.name}: ${p.message}`}`);
  } catch {
    // stderr is gone: nothing to report to.
  }
  socket.destroy();
}

void main();
