/**
 * The entry point of a {@link ProcessPool} worker process: imports the task
 * module named by its first argument, reports `ready`, then runs one task
 * message at a time, decoding arguments and encoding results with the
 * registry (the module's own `registry` export when it has one).
 *
 * @module
 * @internal
 */
import { registry } from "../registry/index.js";
import { importModule } from "./locate.js";
import { type ErrorPayload, errorToPayload } from "./remote-error.js";
import type { PlainCodec } from "./wire.js";

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

function isCodec(value: unknown): value is PlainCodec {
  return typeof (value as PlainCodec | undefined)?.toPlain === "function" && typeof (value as PlainCodec).fromPlain === "function";
}

async function main(): Promise<void> {
  const specifier = process.argv[2];
  if (!specifier || !process.send) {
    console.error("decorum pool-worker: start it through ProcessPool (needs an IPC channel and a module)");
    process.exit(2);
  }
  process.on("disconnect", () => process.exit(0));
  let tasks: Record<string, unknown>;
  try {
    tasks = await importModule(specifier);
  } catch (error) {
    send({ t: "load-error", error: errorToPayload(error) }, () => process.disconnect());
    return;
  }
  const fromDefault = (tasks.default ?? {}) as Record<string, unknown>;
  const codec: PlainCodec = isCodec(tasks.registry)
    ? tasks.registry
    : isCodec(fromDefault.registry)
      ? fromDefault.registry
      : (registry as unknown as PlainCodec);
  const lookup = (name: string): unknown =>
    Object.hasOwn(tasks, name) ? tasks[name] : Object.hasOwn(fromDefault, name) ? fromDefault[name] : undefined;
  const names = () => [...new Set([...Object.keys(tasks), ...Object.keys(fromDefault)])].filter((k) => typeof lookup(k) === "function");

  process.on("message", async (message: RunMessage) => {
    if (message?.t !== "run") return;
    const fn = lookup(message.fn);
    const results: ([0, unknown] | [1, ErrorPayload])[] = [];
    for (const plainArgs of message.calls) {
      try {
        if (typeof fn !== "function") {
          throw new TypeError(`task module ${specifier} has no function "${message.fn}" (functions: ${names().join(", ") || "none"})`);
        }
        const args = codec.fromPlain(plainArgs) as unknown[];
        const value = await (fn as (...a: unknown[]) => unknown)(...args);
        results.push([0, codec.toPlain(value)]);
      } catch (error) {
        results.push([1, errorToPayload(error)]);
      }
    }
    send({ t: "done", id: message.id, results });
  });
  send({ t: "ready" });
}

void main();
