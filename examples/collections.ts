/**
 * The Python recipes' collections examples, in TypeScript: heapq on a plain array,
 * a bounded deque as a "last N lines" history, and an LRU cache in front of
 * a slow lookup; then a priority queue of models through serialize.
 *
 *   node scripts/build.mjs && npx tsc -p examples/tsconfig.json && node build/examples/standard/collections.js
 */
import {
  Deque,
  defineModel,
  deserialize,
  field,
  heapify,
  heapPop,
  heapPush,
  LRUCache,
  nLargest,
  nSmallest,
  PriorityQueue,
  pythonCompare,
  registry,
  serialize,
} from "decorum";

// ── heapq: heapify, then heappop returns items smallest first ────────────────
const nums = [5, 7, 9, 1, 3];
heapify(nums);
console.log("heapify([5, 7, 9, 1, 3]) ->", JSON.stringify(nums)); // [1,3,9,7,5], exactly as Python
heapPush(nums, 4);
const drained: number[] = [];
for (let x = heapPop(nums); x !== undefined; x = heapPop(nums)) drained.push(x);
console.log("heappop until empty  ->", JSON.stringify(drained));
const data = [1, 8, 2, 23, 7, -4, 18, 23, 42, 37, 2];
console.log("nLargest(3)  ->", JSON.stringify(nLargest(3, data)), " nSmallest(3) ->", JSON.stringify(nSmallest(3, data)));
const portfolio = [
  { name: "IBM", shares: 100, price: 91.1 },
  { name: "AAPL", shares: 50, price: 543.22 },
  { name: "FB", shares: 200, price: 21.09 },
  { name: "HPQ", shares: 35, price: 31.75 },
];
console.log(
  "cheapest two ->",
  nSmallest(2, portfolio, { key: (s) => s.price }).map((s) => s.name),
);

// ── deque(maxlen=3): keep the last lines that matched ────────────────────────
const lines = ["python is fun", "ts is typed", "python again", "no match", "python three", "python four"];
const history = new Deque<string>([], { maxlen: 3 });
for (const line of lines) {
  if (line.includes("python")) history.push(line);
}
console.log("last 3 matches ->", JSON.stringify([...history]));
const d = new Deque([1, 2, 3]);
d.unshift(0);
d.rotate(1);
console.log("deque after unshift(0), rotate(1) ->", JSON.stringify([...d]), "shift() ->", d.shift(), "pop() ->", d.pop());

// ── LRU cache in front of a slow lookup ──────────────────────────────────────
const evicted: string[] = [];
const cache = new LRUCache<number, string>({ max: 2, onEvict: (k, _v, reason) => evicted.push(`${k}:${reason}`) });
let lookups = 0;
function user(id: number): string {
  let v = cache.get(id);
  if (v === undefined) {
    lookups++;
    v = `user-${id}`;
    cache.set(id, v);
  }
  return v;
}
for (const id of [1, 2, 1, 3, 1, 2]) user(id);
console.log(
  `LRU: ${lookups} slow lookups for 6 requests, hits=${cache.hits} misses=${cache.misses}, keys (least recent first) ${JSON.stringify([...cache.keys()])}, evicted ${JSON.stringify(evicted)}`,
);

// ── heapq's (priority, count, task) entries, ordered as Python orders tuples ──
const todo: [number, number, string][] = [];
let count = 0;
for (const [priority, task] of [
  [2, "write spec"],
  [1, "fix bug"],
  [2, "review"],
] as const) {
  heapPush(todo, [priority, count++, task], pythonCompare);
}
const next = heapPop(todo, pythonCompare);
console.log("heappush((priority, count, task)) -> first", JSON.stringify(next)); // [1,1,"fix bug"]

// ── a priority queue of models survives serialize / deserialize ──────────────
class Job {
  name = "";
  constructor(name = "") {
    this.name = name;
  }
}
defineModel(Job, { name: "example.Job", fields: { name: field(String) } });
const jobs = new PriorityQueue<Job>();
jobs.push(new Job("backup"), 2);
jobs.push(new Job("page on-call"), 0);
jobs.push(new Job("rotate logs"), 2);
const text = serialize(jobs);
console.log("serialized ->", text);
const back = deserialize(text, PriorityQueue) as PriorityQueue<Job>;
const order: string[] = [];
for (let j = back.pop(); j !== undefined; j = back.pop()) order.push(`${j.name} (${j instanceof Job ? "Job" : "?"})`);
console.log("served in order ->", order.join(", "));
console.log(
  "registered collection types ->",
  ["Heap", "Deque", "LRUCache"].every((n) => registry.has(`decorum.${n}`)),
);
