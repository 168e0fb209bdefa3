/** The small model the channel benchmark sends (registered on both sides). */
import { defineModel } from "decorum";

export class Point {
  declare x: number;
  declare y: number;
  constructor(x = 0, y = 0) {
    this.x = x;
    this.y = y;
  }
}
defineModel(Point, { name: "bench.Point", fields: { x: Number, y: Number } });
