/** The task module of the queue benchmark's decorum worker: one small model job. */
import { Point } from "../processes/model.js";

export function scale(p: Point, k: number): Point {
  return new Point(p.x * k, p.y * k);
}
