/** The physical limit: `JSON.stringify` / `JSON.parse` of the equivalent plain tree (no classes, no validation). */
import type { Peer } from "./contestant.js";
import { type OrderData, plainTree } from "./data.js";

export const plainJson: Peer = {
  name: "JSON.stringify/parse (plain tree)",
  build: (data: readonly OrderData[]) => plainTree(data),
  encode: (tree) => JSON.stringify(tree),
  decode: (text) => JSON.parse(text) as unknown[],
  validates: false,
  notes: ["not instances: Date as text, Map as object, Set as array"],
};
