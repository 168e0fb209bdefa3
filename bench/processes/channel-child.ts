/**
 * Child of the channel benchmark. Raw messages `{ x, y }` are checked and
 * built into `Point`s by hand (the checks the registry makes for two
 * `Number` fields: the same work on receive as a channel message), channel
 * messages (`Point`s, decoded) are counted, and so are the wire trees of
 * the channel "floor" (read without decoding: the format floor), and those
 * of the registry limit (decoded by `registry.fromPlain`, no Channel);
 * `{ expect: n }` arms a counter and the child answers `{ sum, cpu }` (sum of x, and the CPU time it used
 * since its last answer, in µs) once n messages have arrived.
 */
import { Channel, registry } from "decorum";
import { Point } from "./model.js";

let expected = 0;
let seen = 0;
let sum = 0;
/** CPU time of this process since the last answer (µs), sent with each sum. */
let cpu0 = process.cpuUsage();
const count = (x: number) => {
  seen++;
  sum += x;
  if (seen === expected) {
    const used = process.cpuUsage(cpu0);
    process.send?.({ sum, cpu: used.user + used.system });
    seen = 0;
    sum = 0;
    cpu0 = process.cpuUsage();
  }
};
process.on("message", (m: { expect?: number; x?: unknown; y?: unknown; $ch?: string; $cm?: string }) => {
  // The format-floor rows: the channel's wire tree under another channel name, counted without decoding.
  if (m.$cm === "floor") {
    count(m.x as number);
    return;
  }
  // The registry-limit row: a channel's lone-message tree, decoded by the registry with no Channel (the key taken out first, as a channel does).
  if (m.$cm === "registry") {
    delete m.$cm;
    let p: unknown;
    try {
      p = registry.fromPlain(m);
    } catch {
      p = undefined;
    }
    count(p instanceof Point ? p.x : Number.NaN);
    return;
  }
  // Channel traffic (an envelope, or a message carrying its channel's name under "$cm"): the channel's.
  if (m.$ch !== undefined || m.$cm !== undefined) return;
  if (m.expect !== undefined) {
    expected = m.expect;
    cpu0 = process.cpuUsage();
  } else {
    // A raw message, received as a channel receives one: checked, then an instance.
    const { x, y } = m as { x?: unknown; y?: unknown };
    if (typeof x !== "number" || typeof y !== "number") count(Number.NaN);
    else count(new Point(x, y).x);
  }
});
const channel = new Channel<never, Point>(process);
channel.on("message", (p) => count(p instanceof Point ? p.x : Number.NaN));
