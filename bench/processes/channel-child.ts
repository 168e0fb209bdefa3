/**
 * Child of the channel benchmark. Raw messages `{ x, y }` and channel
 * messages (`Point`s, decoded) are counted, and so are envelopes of the
 * channel "floor" (read without decoding: the format floor); `{ expect: n }` arms a counter
 * and the child answers `{ sum, cpu }` (sum of x, and the CPU time it used
 * since its last answer, in µs) once n messages have arrived.
 */
import { Channel } from "decorum";
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
process.on("message", (m: { expect?: number; x?: number; $ch?: string; m?: { x: number } }) => {
  // The format-floor row: a channel envelope under another name, counted without decoding.
  if (m.$ch === "floor") {
    count((m.m as { x: number }).x);
    return;
  }
  if (m.$ch !== undefined) return;
  if (m.expect !== undefined) {
    expected = m.expect;
    cpu0 = process.cpuUsage();
  } else count(m.x as number);
});
const channel = new Channel<never, Point>(process);
channel.on("message", (p) => count(p instanceof Point ? p.x : Number.NaN));
