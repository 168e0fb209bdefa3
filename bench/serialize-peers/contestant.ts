import type { OrderData } from "./data.js";

/** One library's take on the benchmark model. */
export interface Peer<T = unknown> {
  /** Column name in the tables. */
  name: string;
  /** Builds this library's instances from the plain data. */
  build(data: readonly OrderData[]): T[];
  /** Instances → JSON text. */
  encode(orders: T[]): string;
  /** JSON text → instances (validated where the library can). */
  decode(text: string): unknown[];
  /** Whether `decode` runs the same validation as the decorum model. */
  validates: boolean;
  /**
   * A peer of one side only (a schema validator decodes, a schema-compiled writer encodes): the other
   * side is the hand-written plain tree, used for the correctness checks and never timed.
   */
  only?: "encode" | "decode";
  /** What the library could not express directly (workarounds used), for the docs. */
  notes: string[];
}
