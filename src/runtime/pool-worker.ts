/**
 * The entry point of a {@link ProcessPool} worker process: imports the task
 * module named by its first argument, reports `ready`, then runs one task
 * message at a time, decoding arguments and encoding results with the
 * registry (the module's own `registry` export when it has one).
 *
 * @module
 * @internal
 */
import { type ErrorPayload, errorToPayload } from "./remote-error.js";
import { type LoadedTasks, loadTaskModule } from "./task-module.js";

interface RunMessage {
  t: "run";
  id: number;
  fn: string;
  calls: unknown[];
}

function send(message: unknown, then?: () => void): void {
  process.send?.(message, (error: Error | null) => {
    // The parent is gone: nothing left to report to.
    if (error) process.exit(1);
    then?.();
  });
}

async function main(): Promise<void> {
  const specifier = process.argv[2];
  if (!specifier || !process.send) {
    console.error("decorum pool-worker: start it through ProcessPool (needs an IPC channel and a module)");
    process.exit(2);
  }
  process.on("disconnect", () => process.exit(0));
  let tasks: LoadedTasks;
  try {
    tasks = await loadTaskModule(specifier);
  } catch (error) {
    send({ t: "load-error", error: errorToPayload(error) }, () => process.disconnect());
    return;
  }

  process.on("message", async (message: RunMessage) => {
    if (message?.t !== "run") return;
    const results: ([0, unknown] | [1, ErrorPayload])[] = [];
    for (const plainArgs of message.calls) {
      try {
        const fn = tasks.task(message.fn);
        const args = tasks.codec.fromPlain(plainArgs) as unknown[];
        const value = await fn(...args);
        results.push([0, tasks.codec.toPlain(value)]);
      } catch (error) {
        results.push([1, errorToPayload(error)]);
      }
    }
    send({ t: "done", id: message.id, results });
  });
  send({ t: "ready" });
}

void main();
