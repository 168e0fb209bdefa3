/** The raw BullMQ contestant's model: a plain class, rebuilt by hand from JSON on each side. */
export class RawPoint {
  constructor(
    public x = 0,
    public y = 0,
  ) {}

  /** Hand-written rebuilding from a JSON-parsed object, with the type checks a careful user writes. */
  static from(data: unknown): RawPoint {
    const d = data as { x?: unknown; y?: unknown };
    if (typeof d?.x !== "number" || typeof d.y !== "number") throw new TypeError("RawPoint: x and y must be numbers");
    return new RawPoint(d.x, d.y);
  }
}
