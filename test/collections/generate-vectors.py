#!/usr/bin/env python3
"""Differential vectors for decorum's collections, produced by CPython itself.

Run from the repository root:  python3 test/collections/generate-vectors.py
It writes test/fixtures/collections/<name>.json; the TypeScript suite
(test/collections/python.test.ts) replays every operation and compares each
result and the full state after it. Deterministic (fixed seeds).

Conventions in the vectors: Python's IndexError on an empty pop/peek is
recorded as null (decorum returns undefined); other exceptions as
{"error": "<ExceptionName>"}.
"""
import bisect
import heapq
import json
import os
import random
from collections import Counter, OrderedDict, deque

OUT = os.path.join("test", "fixtures", "collections")


def dump(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")


def heap_vectors(rng):
    cases = []
    for case in range(40):
        strings = case % 4 == 3
        def val():
            if strings:
                return rng.choice(["a", "b", "ab", "ba", "c", "", "zz", "B"])
            return rng.choice([rng.randint(-20, 20), rng.randint(-3, 3) + rng.choice([0, 0.5])])
        heap = [val() for _ in range(rng.randint(0, 12))]
        init = list(heap)
        heapq.heapify(heap)
        steps = [{"op": "heapify", "state": list(heap)}]
        for _ in range(rng.randint(5, 60)):
            op = rng.choice(["push", "push", "pop", "pushpop", "replace"])
            if op == "push":
                x = val(); heapq.heappush(heap, x); steps.append({"op": op, "arg": x, "state": list(heap)})
            elif op == "pop":
                r = heapq.heappop(heap) if heap else None
                steps.append({"op": op, "result": r, "state": list(heap)})
            elif op == "pushpop":
                x = val(); r = heapq.heappushpop(heap, x); steps.append({"op": op, "arg": x, "result": r, "state": list(heap)})
            else:
                x = val()
                if heap:
                    r = heapq.heapreplace(heap, x)
                else:
                    heapq.heappush(heap, x); r = None
                steps.append({"op": op, "arg": x, "result": r, "state": list(heap)})
        cases.append({"init": init, "steps": steps})
    select = []
    for case in range(40):
        items = [[rng.randint(0, 5), i] for i in range(rng.randint(0, 25))]
        n = rng.randint(-1, 30)
        select.append({"items": items, "n": n,
                       "largest": heapq.nlargest(n, items, key=lambda t: t[0]),
                       "smallest": heapq.nsmallest(n, items, key=lambda t: t[0]),
                       "largestPlain": heapq.nlargest(n, [t[0] for t in items]),
                       "smallestPlain": heapq.nsmallest(n, [t[0] for t in items])})
    merge = []
    for case in range(30):
        reverse = case % 2 == 1
        inputs = []
        for j in range(rng.randint(0, 5)):
            xs = sorted((rng.randint(0, 6) for _ in range(rng.randint(0, 8))), reverse=reverse)
            inputs.append([[x, "%d.%d" % (j, k)] for k, x in enumerate(xs)])
        merge.append({"inputs": inputs, "reverse": reverse,
                      "merged": list(heapq.merge(*inputs, key=lambda t: t[0], reverse=reverse))})
    dump("heapq", {"heaps": cases, "select": select, "merge": merge})


def deque_vectors(rng):
    cases = []
    for case in range(60):
        maxlen = rng.choice([None, None, None, 0, 1, 3, 5])
        d = deque([rng.randint(0, 9) for _ in range(rng.randint(0, 6))], maxlen)
        init = {"items": list(d) if maxlen is None else list(d), "maxlen": maxlen, "source": None}
        steps = []
        for _ in range(rng.randint(5, 50)):
            op = rng.choice(["append", "appendleft", "pop", "popleft", "rotate", "extend", "extendleft",
                             "insert", "remove", "count", "index", "get", "set", "append", "popleft"])
            step = {"op": op}
            try:
                if op in ("append", "appendleft"):
                    x = rng.randint(0, 9); step["arg"] = x; getattr(d, op)(x)
                elif op in ("pop", "popleft"):
                    step["result"] = getattr(d, op)() if d else None
                elif op == "rotate":
                    n = rng.randint(-12, 12); step["arg"] = n; d.rotate(n)
                elif op in ("extend", "extendleft"):
                    xs = [rng.randint(0, 9) for _ in range(rng.randint(0, 5))]; step["arg"] = xs; getattr(d, op)(xs)
                elif op == "insert":
                    i = rng.randint(-8, 8); x = rng.randint(0, 9); step["arg"] = [i, x]
                    try:
                        d.insert(i, x)
                    except IndexError:
                        step["result"] = {"error": "IndexError"}
                elif op == "remove":
                    x = rng.randint(0, 9); step["arg"] = x
                    try:
                        d.remove(x); step["result"] = True
                    except ValueError:
                        step["result"] = False
                elif op == "count":
                    x = rng.randint(0, 9); step["arg"] = x; step["result"] = d.count(x)
                elif op == "index":
                    x = rng.randint(0, 9); step["arg"] = x
                    try:
                        step["result"] = d.index(x)
                    except ValueError:
                        step["result"] = -1
                elif op == "get":
                    i = rng.randint(-8, 8); step["arg"] = i
                    try:
                        step["result"] = d[i]
                    except IndexError:
                        step["result"] = None
                elif op == "set":
                    i = rng.randint(-8, 8); x = rng.randint(0, 9); step["arg"] = [i, x]
                    try:
                        d[i] = x
                    except IndexError:
                        step["result"] = {"error": "IndexError"}
            except Exception as e:  # pragma: no cover
                step["result"] = {"error": type(e).__name__}
            step["state"] = list(d)
            steps.append(step)
        # constructor with maxlen keeps the last items
        init["source"] = init["items"]
        cases.append({"init": init, "steps": steps})
    ctor = []
    for case in range(10):
        maxlen = rng.choice([0, 1, 2, 4])
        xs = [rng.randint(0, 9) for _ in range(rng.randint(0, 8))]
        ctor.append({"items": xs, "maxlen": maxlen, "state": list(deque(xs, maxlen))})
    dump("deque", {"cases": cases, "constructor": ctor})


def lru_vectors(rng):
    cases = []
    for case in range(50):
        maxsize = rng.choice([0, 1, 2, 3, 5, 8])
        od = OrderedDict()
        hits = misses = 0
        steps = []
        for _ in range(rng.randint(5, 80)):
            op = rng.choice(["get", "get", "set", "set", "set", "peek", "delete", "has"])
            k = rng.choice(["a", "b", "c", "d", "e", "f", "__proto__", "1", 1, 2])
            step = {"op": op, "key": k}
            if op == "get":
                if k in od:
                    od.move_to_end(k); hits += 1; step["result"] = od[k]
                else:
                    misses += 1; step["result"] = None
            elif op == "set":
                v = rng.randint(0, 99); step["value"] = v; evicted = []
                if k in od:
                    evicted.append([k, od[k], "set"]); od[k] = v; od.move_to_end(k)
                elif maxsize == 0:
                    evicted.append([k, v, "evict"])
                else:
                    if len(od) >= maxsize:
                        ok, ov = od.popitem(last=False); evicted.append([ok, ov, "evict"])
                    od[k] = v
                step["evicted"] = evicted
            elif op == "peek":
                step["result"] = od.get(k)
            elif op == "has":
                step["result"] = k in od
            elif op == "delete":
                if k in od:
                    step["evicted"] = [[k, od[k], "delete"]]; del od[k]; step["result"] = True
                else:
                    step["evicted"] = []; step["result"] = False
            step["state"] = [[key, val] for key, val in od.items()]
            step["hits"] = hits; step["misses"] = misses
            steps.append(step)
        cases.append({"maxSize": maxsize, "steps": steps})
    dump("lru", {"cases": cases})


def bisect_vectors(rng):
    cases = []
    for case in range(80):
        a = sorted(rng.randint(0, 10) for _ in range(rng.randint(0, 15)))
        x = rng.randint(-1, 11)
        lo = rng.randint(0, len(a)) if case % 3 == 0 else 0
        hi = rng.randint(lo, len(a)) if case % 3 == 0 else len(a)
        items = [[v, i] for i, v in enumerate(a)]
        key = lambda t: t[0]
        il = list(items); bisect.insort_left(il, [x, "new"], lo, hi, key=key)
        ir = list(items); bisect.insort_right(ir, [x, "new"], lo, hi, key=key)
        pl = list(a); bisect.insort_left(pl, x, lo, hi)
        cases.append({"a": a, "x": x, "lo": lo, "hi": hi,
                      "left": bisect.bisect_left(a, x, lo, hi), "right": bisect.bisect_right(a, x, lo, hi),
                      "keyLeft": bisect.bisect_left(items, x, lo, hi, key=key),
                      "keyRight": bisect.bisect_right(items, x, lo, hi, key=key),
                      "insortLeftKey": il, "insortRightKey": ir, "insortLeftPlain": pl})
    dump("bisect", {"cases": cases})


def counter_vectors(rng):
    cases = []
    letters = "abcdefg"
    for case in range(50):
        c = Counter()
        steps = []
        for _ in range(rng.randint(3, 25)):
            op = rng.choice(["update", "subtract", "updateMap", "subtractMap", "mostCommon", "total", "elements",
                             "plus", "minus", "union", "intersection", "delete"])
            step = {"op": op}
            if op in ("update", "subtract"):
                xs = [rng.choice(letters) for _ in range(rng.randint(0, 8))]; step["arg"] = xs; getattr(c, op)(xs)
            elif op in ("updateMap", "subtractMap"):
                m = {rng.choice(letters): rng.randint(-3, 5) for _ in range(rng.randint(0, 4))}
                step["arg"] = [[k, v] for k, v in m.items()]
                (c.update if op == "updateMap" else c.subtract)(m)
            elif op == "mostCommon":
                n = rng.choice([None, 0, 1, 2, 3, 10]); step["arg"] = n
                step["result"] = [[k, v] for k, v in c.most_common(n)]
            elif op == "total":
                step["result"] = c.total()
            elif op == "elements":
                step["result"] = list(c.elements())
            elif op == "delete":
                k = rng.choice(letters); step["arg"] = k; step["result"] = k in c; c.pop(k, None)
            else:
                other = Counter()
                for k in [rng.choice(letters) for _ in range(rng.randint(0, 4))]:
                    other[k] += rng.randint(-2, 3)
                step["arg"] = [[k, v] for k, v in other.items()]
                r = {"plus": c + other, "minus": c - other, "union": c | other, "intersection": c & other}[op]
                step["result"] = [[k, v] for k, v in r.items()]
            step["state"] = [[k, v] for k, v in c.items()]
            steps.append(step)
        cases.append({"steps": steps})
    dump("counter", {"cases": cases})


if __name__ == "__main__":
    heap_vectors(random.Random(1))
    deque_vectors(random.Random(2))
    lru_vectors(random.Random(3))
    bisect_vectors(random.Random(4))
    counter_vectors(random.Random(5))
