/**
 * How a task module is loaded and its tasks are found: shared by the
 * `ProcessPool` worker and by the queue workers of `decorum/bullmq`, so a
 * module served by either behaves the same. Internal.
 *
 * @module
 * @internal
 */
import { registry } from "../../registry/index.js";
import { importModule } from "./locate.js";
import type { PlainCodec } from "./wire.js";

/** A loaded task module: its tasks by name and the codec that carries their arguments and results. */
export interface LoadedTasks {
  /** The module's URL or path, as it was imported (for messages). */
  readonly specifier: string;
  /** The module's own `registry` export when it has one, else the default registry. */
  readonly codec: PlainCodec;
  /**
   * The task function `name`, from the module's exports or its default export's properties.
   *
   * @throws {TypeError} when the module has no function of that name (the message lists the ones it has).
   */
  task(name: string): (...args: unknown[]) => unknown;
  /** The names of the module's task functions. */
  names(): string[];
}

function isCodec(value: unknown): value is PlainCodec {
  return typeof (value as PlainCodec | undefined)?.toPlain === "function" && typeof (value as PlainCodec).fromPlain === "function";
}

/** Wraps an imported module namespace (or any object of functions) as {@link LoadedTasks}. */
export function taskModule(tasks: Record<string, unknown>, specifier: string): LoadedTasks {
  const fromDefault = (tasks.default ?? {}) as Record<string, unknown>;
  const codec: PlainCodec = isCodec(tasks.registry)
    ? tasks.registry
    : isCodec(fromDefault.registry)
      ? fromDefault.registry
      : (registry as unknown as PlainCodec);
  const lookup = (name: string): unknown =>
    Object.hasOwn(tasks, name) ? tasks[name] : Object.hasOwn(fromDefault, name) ? fromDefault[name] : undefined;
  const names = () => [...new Set([...Object.keys(tasks), ...Object.keys(fromDefault)])].filter((k) => typeof lookup(k) === "function");
  return {
    specifier,
    codec,
    names,
    task(name) {
      const fn = lookup(name);
      if (typeof fn !== "function")
        throw new TypeError(`task module ${specifier} has no function "${name}" (functions: ${names().join(", ") || "none"})`);
      return fn as (...args: unknown[]) => unknown;
    },
  };
}

/**
 * Imports the task module at `specifier` (a `file:` URL or path).
 *
 * @throws {Error} (rejects) with the module's own load error.
 */
export async function loadTaskModule(specifier: string): Promise<LoadedTasks> {
  return taskModule(await importModule(specifier), specifier);
}
