import type { AccountData, MessageData, NodeData } from "./data.js";

/** One library's take on one shape: instances built from the data, encoded, decoded. */
export interface ShapeCodec<D, T = unknown> {
  /** This library's instances (or tree) for the data. */
  build(data: D): T;
  /** Instances → JSON text (absent: the library has no encode side). */
  encode?: (x: T) => string;
  /** JSON text → instances (absent: no decode side). */
  decode?: (text: string) => unknown;
  /** `decode` rejects a negative or fractional id and a non-finite amount. */
  validates: boolean;
}

/** One contestant on every shape. */
export interface Contestant {
  name: string;
  /** `decorum`: ours; `peer`: a library a user would pick instead; `limit`: hand-written code or the bare JSON calls. */
  role: "decorum" | "peer" | "limit";
  ledger: ShapeCodec<readonly AccountData[]>;
  message: ShapeCodec<MessageData>;
  chain: ShapeCodec<NodeData>;
  notes: string[];
  /** Without an encode side, decode this contestant's texts (default: the plain tree's `JSON.stringify`). */
  readsTextOf?: Contestant;
}
