/**
 * The models the process examples send between processes. Both sides import
 * this module, so both register the same names; a worker that receives a
 * `Rect` gets a `Rect`, validated by its descriptors.
 */
import { field, model, positive } from "decorum";

@model("examples.Rect")
export class Rect {
  @field(Number) @positive accessor width = 1;
  @field(Number) @positive accessor height = 1;

  constructor(width = 1, height = 1) {
    this.width = width;
    this.height = height;
  }

  area(): number {
    return this.width * this.height;
  }

  toString(): string {
    return `Rect(${this.width} × ${this.height})`;
  }
}
