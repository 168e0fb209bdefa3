import { Counter, Deque, Heap, LRUCache, PriorityQueue, registry, SortedList, serialize } from "decorum";
import { heading } from "./heading.js";

/** Collections with Python's semantics, registered for serialization. */
export function collectionsTour(): void {
  heading("Collections: heapq, deque, LRU, sorted list, Counter — Python's semantics, serializable");
  const heap = Heap.from([5, 7, 9, 1, 3]);
  console.log(`Heap.from([5, 7, 9, 1, 3]) in array order ${JSON.stringify([...heap])} (same layout as heapq); pop -> ${heap.pop()}`);

  const q = new PriorityQueue<string>();
  for (const [job, p] of [
    ["a", 1],
    ["b", 0],
    ["c", 1],
    ["d", 0],
  ] as const)
    q.push(job, p);
  q.update("b", 0); // back of its priority class
  const served: string[] = [];
  for (let j = q.pop(); j !== undefined; j = q.pop()) served.push(j);
  console.log(`PriorityQueue is FIFO among equal priorities: ${served.join(" ")}`);

  const recent = new Deque<number>([], { maxlen: 3 });
  for (let i = 1; i <= 5; i++) recent.push(i);
  console.log(`Deque maxlen 3 after pushing 1..5: ${JSON.stringify([...recent])}; at(-1) = ${recent.at(-1)}`);

  const cache = new LRUCache<string, number>({ max: 2 });
  cache.set("a", 1).set("b", 2);
  cache.get("a");
  cache.set("c", 3);
  console.log(`LRUCache max 2: keys ${JSON.stringify([...cache.keys()])} (b was evicted), hits ${cache.hits}`);

  const scores = new SortedList([40, 10, 30, 20, 30]);
  console.log(
    `SortedList ${JSON.stringify([...scores])}: bisectLeft(30) = ${scores.bisectLeft(30)}, irange(15, 30) = ${JSON.stringify([...scores.irange(15, 30)])}`,
  );

  const words = new Counter("the cat and the hat and the bat".split(" "));
  console.log(`Counter mostCommon(2): ${JSON.stringify(words.mostCommon(2))}`);
  console.log(`serialize(deque): ${serialize(recent)}`);
  console.log(
    `registered: ${["Heap", "PriorityQueue", "Deque", "LRUCache", "SortedList", "Counter", "WeakValueMap"].filter((n) => registry.has(`decorum.${n}`)).length} collection types`,
  );
}
