/**
 * Finds the files of decorum's worker entry points (`pool-worker.js`,
 * `handoff-worker.js`) next to the running copy of this module, in the ESM
 * and in the CommonJS build alike (both are compiled from these sources, so
 * `import.meta` cannot be used: CommonJS has `__dirname`, ES modules get
 * their own file from a V8 call site, which source maps do not rewrite).
 *
 * When the library runs from its TypeScript sources (decorum's own test
 * suite under vitest), a child process cannot run the `.ts` entry, so the
 * built `dist/esm/runtime/node/` copy is used: run `node scripts/build.mjs` first.
 *
 * It also starts those workers (`spawnWorker`, `forkWorker`) and checks the
 * `module` option that names what they import (`checkModuleOptions`).
 *
 * @module
 * @internal
 */
import { fork, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatValue } from "../../errors.js";

declare const __dirname: string | undefined;

function ownFile(): string | undefined {
  const previous = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    const name = sites[0]?.getFileName();
    return name ?? undefined;
  } finally {
    Error.prepareStackTrace = previous;
  }
}

function ownDirectory(): string {
  if (typeof __dirname === "string") return __dirname;
  const file = ownFile();
  if (file === undefined) throw new Error("decorum: cannot locate the runtime directory of this module");
  const path = file.startsWith("file:") ? fileURLToPath(file.replace(/[?#].*$/, "")) : file.replace(/[?#].*$/, "");
  return dirname(path);
}

let cached: string | undefined;

/**
 * Absolute path of the compiled runtime entry `name` (without extension).
 *
 * @throws {Error} when the entry cannot be found (sources without a build).
 */
export function runtimeEntry(name: string): string {
  cached ??= ownDirectory();
  const sibling = join(cached, `${name}.js`);
  if (existsSync(sibling)) return sibling;
  const built = resolve(cached, "..", "..", "..", "dist", "esm", "runtime", "node", `${name}.js`);
  if (existsSync(built)) return built;
  throw new Error(`decorum: worker entry ${name}.js not found next to ${cached} nor in ${dirname(built)} (run the build first)`);
}

/**
 * Imports a module by path or URL with the real `import()`, also from the
 * CommonJS build (where tsc would turn `import()` into `require`).
 */
export const importModule: (specifier: string) => Promise<Record<string, unknown>> = new Function(
  "specifier",
  "return import(specifier)",
) as (specifier: string) => Promise<Record<string, unknown>>;

/** Normalizes a module path or URL to an absolute `file:` URL string. */
export function moduleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(module) && !/^[a-z]:[\\/]/i.test(module)) return module;
  return pathToFileURL(resolve(module)).href;
}

/**
 * Calls `done(exitCode, signal)` once `child` has exited and its IPC
 * channel has delivered every message ("close" is not emitted for a
 * child whose stdio is inherited, and "exit" alone can overtake the last
 * messages still in the pipe).
 */
export function whenGone(
  child: import("node:child_process").ChildProcess,
  done: (exitCode: number | null, signal: NodeJS.Signals | null) => void,
): void {
  let exit: [number | null, NodeJS.Signals | null] | undefined;
  let disconnected = !child.connected;
  const check = () => {
    if (exit !== undefined && disconnected) done(exit[0], exit[1]);
  };
  child.once("exit", (code, signal) => {
    exit = [code, signal];
    disconnected ||= !child.connected;
    check();
  });
  if (!disconnected)
    child.once("disconnect", () => {
      disconnected = true;
      check();
    });
}

/**
 * @internal Throws a `TypeError` unless `options` is an object whose
 * `module` is a non-empty path or a URL (`ProcessPool` and `HandoffServer`
 * check it before they start workers with {@link spawnWorker} and
 * {@link forkWorker}).
 */
export function checkModuleOptions(owner: string, options: unknown, example: string): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${owner}: the options object is required, with at least the module (got ${formatValue(options)}); e.g. ${example}`,
    );
  }
  const module = (options as { module?: unknown }).module;
  if (!(module instanceof URL) && !(typeof module === "string" && module !== "")) {
    throw new TypeError(
      `${owner}: the module option is required: a path or file: URL of the module the workers import (got ${formatValue(module)}); e.g. ${example}`,
    );
  }
}

/** How decorum's worker processes are started (the options both the pool and hand-off take). */
export interface ForkOptions {
  execArgv?: string[] | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  stdio?: "inherit" | "ignore" | undefined;
  /** More arguments of the worker entry, after the module. */
  args?: string[] | undefined;
}

/**
 * Forks `entry` with `module` as its argument (JSON IPC, stdin ignored),
 * routes its messages to `onMessage`, and calls `onGone` once it has exited
 * and delivered every message. The returned promise of that moment is kept
 * in `exits` until then, so an owner can wait for all its children.
 */
export function forkWorker<M>(
  entry: string,
  module: string,
  options: ForkOptions,
  exits: Set<Promise<void>>,
  onMessage: (message: M) => void,
  onGone: (exitCode: number | null, signal: NodeJS.Signals | null) => void,
): import("node:child_process").ChildProcess {
  const stdio = options.stdio ?? "inherit";
  const child = fork(entry, [module, ...(options.args ?? [])], {
    execArgv: options.execArgv ?? [],
    env: options.env ?? process.env,
    serialization: "json",
    stdio: ["ignore", stdio, stdio, "ipc"],
  });
  let exited!: () => void;
  const exit = new Promise<void>((resolve) => (exited = resolve));
  exits.add(exit);
  child.on("message", onMessage);
  child.on("error", () => {
    // Spawn or IPC failure: "exit" follows and whenGone does the bookkeeping.
  });
  whenGone(child, (exitCode, signal) => {
    exits.delete(exit);
    onGone(exitCode, signal);
    exited();
  });
  return child;
}

/** The parent's end of a worker started by {@link spawnWorker}. */
export interface PipeWorker {
  /** The worker process. */
  readonly child: import("node:child_process").ChildProcess;
  /** Sends one message (one JSON line); `done` gets the write error, if any. */
  send(message: unknown, done?: (error: Error | null | undefined) => void): void;
  /** Ends the parent's side: the worker sees end-of-stream and exits when idle. */
  end(): void;
}

/**
 * Starts `entry` with `module` (and `options.args`) as a plain child
 * process talking newline-delimited JSON over its fd 3 (a socket pair),
 * not Node's IPC channel: Node's IPC buffers a message line without limit
 * and throws an uncaught exception in the parent on a line that is not
 * JSON, so a worker that writes garbage or a never-ending line to it would
 * take the parent down. Here every line is bounded by `maxLine()` bytes (read
 * when a line grows) and parsed safely: past the bound, or on a line that
 * is not JSON, reading stops and `onBadMessage` is told (the owner kills the
 * worker). `onGone` runs once the process exited and fd 3 closed (every
 * message delivered).
 */
export function spawnWorker<M>(
  entry: string,
  module: string,
  options: ForkOptions,
  exits: Set<Promise<void>>,
  maxLine: () => number,
  onMessage: (message: M) => void,
  onBadMessage: (problem: string) => void,
  onGone: (exitCode: number | null, signal: NodeJS.Signals | null) => void,
): PipeWorker {
  const stdio = options.stdio ?? "inherit";
  const child = spawn(process.execPath, [...(options.execArgv ?? []), entry, module, ...(options.args ?? [])], {
    env: options.env ?? process.env,
    stdio: ["ignore", stdio, stdio, "pipe"],
  });
  let exited!: () => void;
  const exit = new Promise<void>((resolve) => (exited = resolve));
  exits.add(exit);
  const pipe = child.stdio[3] as import("node:net").Socket;
  let parts: Buffer[] = [];
  let pending = 0;
  let failed = false;
  const fail = (problem: string) => {
    failed = true;
    parts = [];
    pending = 0;
    pipe.destroy();
    onBadMessage(problem);
  };
  const deliver = (line: string) => {
    let message: M;
    try {
      message = JSON.parse(line) as M;
    } catch {
      fail(`a line that is not JSON (${line.length > 40 ? `${line.slice(0, 40)}…` : line})`);
      return;
    }
    onMessage(message);
  };
  pipe.on("data", (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0 && !failed; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      const size = pending + piece.length;
      if (size > maxLine()) return fail(`a message of ${size} bytes, more than the ${maxLine()} allowed`);
      let line: string;
      if (pending === 0) line = piece.toString("utf8");
      else {
        parts.push(piece);
        line = Buffer.concat(parts, size).toString("utf8");
        parts = [];
        pending = 0;
      }
      deliver(line);
    }
    if (failed || start >= chunk.length) return;
    parts.push(chunk.subarray(start));
    pending += chunk.length - start;
    if (pending > maxLine()) fail(`more than ${maxLine()} bytes without the end of a message`);
  });
  pipe.on("error", () => {
    // The worker died mid-write: "exit" follows.
  });
  child.on("error", () => {
    // Spawn failure: "exit" follows and the bookkeeping below runs.
  });
  let code: [number | null, NodeJS.Signals | null] | undefined;
  let closed = false;
  const check = () => {
    if (code === undefined || !closed) return;
    exits.delete(exit);
    onGone(code[0], code[1]);
    exited();
  };
  child.once("exit", (c, s) => {
    code = [c, s];
    check();
  });
  pipe.once("close", () => {
    closed = true;
    check();
  });
  return {
    child,
    send(message, done) {
      if (pipe.destroyed || !pipe.writable) {
        done?.(new Error("the worker's pipe is closed"));
        return;
      }
      pipe.write(`${JSON.stringify(message)}\n`, done);
    },
    end() {
      if (!pipe.destroyed) pipe.end();
    },
  };
}
