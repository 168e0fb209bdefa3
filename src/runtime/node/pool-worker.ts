/**
 * The entry point of a {@link ProcessPool} worker process: imports the task
 * module named by its first argument, reports `ready`, then runs one task
 * message at a time, decoding arguments and encoding results with the
 * registry (the module's own `registry` export when it has one). Messages
 * are JSON lines on fd 3 (a socket pair with the parent), not Node's IPC
 * channel; end-of-stream on it means the parent retired this worker (or
 * is gone).
 *
 * @module
 * @internal
 */

import { Socket } from "node:net";
import { SerializeError } from "../../errors.js";
import { type ErrorPayload, errorToPayload } from "./remote-error.js";
import { type LoadedTasks, loadTaskModule } from "./task-module.js";

interface RunMessage {
  t: "run";
  id: number;
  fn: string;
  calls: unknown[];
}

let pipe: Socket | undefined;

function send(message: unknown, then?: () => void): void {
  (pipe as Socket).write(`${JSON.stringify(message)}\n`, (error?: Error | null) => {
    // The parent is gone: nothing left to report to.
    if (error) process.exit(1);
    then?.();
  });
}

/** The most bytes of JSON one task result may take (`ProcessPoolOptions.maxMessageBytes`, passed as the second argument). */
const maxBytes = Number(process.argv[3] ?? Number.POSITIVE_INFINITY);

/**
 * Refuses a result the parent should not have to buffer: more JSON than
 * `maxMessageBytes`, or no JSON at all (a registry whose plain form holds a
 * bigint). The task then fails with a SerializeError instead of its worker
 * dying on the send.
 */
function checkSize(plain: unknown, fn: string): unknown {
  if (maxBytes === Number.POSITIVE_INFINITY) return plain; // an unsendable result is caught by sendDone
  let text: string | undefined;
  try {
    text = JSON.stringify(plain);
  } catch (error) {
    throw new SerializeError([], `the result of task "${fn}" cannot be sent as JSON: ${errorToPayload(error).message}`);
  }
  if (text !== undefined && text.length > maxBytes / 3) {
    const bytes = Buffer.byteLength(text);
    if (bytes > maxBytes)
      throw new SerializeError([], `the result of task "${fn}" is ${bytes} bytes of JSON, more than maxMessageBytes (${maxBytes})`);
  }
  return plain;
}

/** Sends a batch of results; a result that cannot go as JSON fails its task instead of the worker. */
function sendDone(id: number, results: ([0, unknown] | [1, ErrorPayload])[]): void {
  try {
    send({ t: "done", id, results });
  } catch {
    send({
      t: "done",
      id,
      results: results.map((r): [0, unknown] | [1, ErrorPayload] => {
        if (r[0] === 1) return r;
        try {
          JSON.stringify(r[1]);
          return r;
        } catch (error) {
          return [1, errorToPayload(new SerializeError([], `a task result cannot be sent as JSON: ${errorToPayload(error).message}`))];
        }
      }),
    });
  }
}

async function main(): Promise<void> {
  const specifier = process.argv[2];
  try {
    if (specifier) pipe = new Socket({ fd: 3, readable: true, writable: true });
  } catch {
    pipe = undefined;
  }
  if (!specifier || pipe === undefined) {
    console.error("decorum pool-worker: start it through ProcessPool (needs its pipe on fd 3 and a module)");
    process.exit(2);
  }
  const io = pipe;
  io.on("error", () => process.exit(1));
  io.on("end", () => process.exit(0));
  // Run messages arrive as JSON lines; one task batch at a time (the parent
  // sends the next only after "done"), so a queue keeps them in order.
  let buffered = "";
  let run: ((message: RunMessage) => Promise<void>) | undefined;
  const queue: RunMessage[] = [];
  let busy = false;
  const drain = async () => {
    if (busy || run === undefined) return;
    busy = true;
    for (let m = queue.shift(); m !== undefined; m = queue.shift()) await (run as (m: RunMessage) => Promise<void>)(m);
    busy = false;
  };
  io.setEncoding("utf8");
  io.on("data", (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf("\n");
    if (nl < 0) return;
    let start = 0;
    for (; nl >= 0; nl = buffered.indexOf("\n", start)) {
      queue.push(JSON.parse(buffered.slice(start, nl)) as RunMessage);
      start = nl + 1;
    }
    buffered = buffered.slice(start);
    void drain();
  });
  let tasks: LoadedTasks;
  try {
    tasks = await loadTaskModule(specifier);
  } catch (error) {
    send({ t: "load-error", error: errorToPayload(error) }, () => process.exit(0));
    return;
  }

  run = async (message: RunMessage) => {
    if (message?.t !== "run") return;
    const results: ([0, unknown] | [1, ErrorPayload])[] = [];
    for (const plainArgs of message.calls) {
      try {
        const fn = tasks.task(message.fn);
        const args = tasks.codec.fromPlain(plainArgs) as unknown[];
        const value = await fn(...args);
        results.push([0, checkSize(tasks.codec.toPlain(value), message.fn)]);
      } catch (error) {
        // errorToPayload never throws, whatever the task threw.
        results.push([1, errorToPayload(error)]);
      }
    }
    sendDone(message.id, results);
  };
  send({ t: "ready" });
  void drain();
}

void main();
