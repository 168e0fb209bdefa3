/**
 * Hand-written reference structures for bench/collections: the simplest
 * fast implementation of each idea, to show how close decorum gets to the
 * physical limit (not libraries anyone would ship).
 */

/** A min-heap of numbers in a growable Float64Array. */
export class Float64Heap {
  a = new Float64Array(16);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    const a = this.a;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const v = a[p] as number;
      if (x >= v) break;
      a[i] = v;
      i = p;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.a;
    const top = a[0] as number;
    const n = --this.n;
    if (n > 0) {
      const x = a[n] as number;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && (a[c + 1] as number) < (a[c] as number)) c++;
        if ((a[c] as number) >= x) break;
        a[i] = a[c] as number;
        i = c;
      }
      a[i] = x;
    }
    return top;
  }
}

/** A ring buffer that doubles (copying) when full. */
export class DoublingRing<T> {
  a: (T | undefined)[] = new Array(16).fill(undefined);
  head = 0;
  size = 0;
  push(x: T): void {
    if (this.size === this.a.length) {
      const b: (T | undefined)[] = new Array(this.a.length * 2).fill(undefined);
      for (let i = 0; i < this.size; i++) b[i] = this.a[(this.head + i) & (this.a.length - 1)];
      this.a = b;
      this.head = 0;
    }
    this.a[(this.head + this.size++) & (this.a.length - 1)] = x;
  }
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const x = this.a[this.head];
    this.a[this.head] = undefined;
    this.head = (this.head + 1) & (this.a.length - 1);
    this.size--;
    return x;
  }
}

/**
 * Index of the first element >= x in a sorted array: branch-free halving
 * (the comparison feeds arithmetic), the fastest binary search on random
 * queries, as the "limit" row should be (a branchy loop mispredicts half of
 * its branches and is about 20% slower).
 */
export function lowerBound(a: readonly number[], x: number): number {
  let base = 0;
  let n = a.length;
  if (n === 0) return 0;
  while (n > 1) {
    const half = n >>> 1;
    base += ((((a[base + half] as number) < x) as unknown as number) | 0) * half;
    n -= half;
  }
  return base + ((((a[base] as number) < x) as unknown as number) | 0);
}

/** Inserts x into a sorted array with one splice. */
export function insortArray(a: number[], x: number): void {
  a.splice(lowerBound(a, x), 0, x);
}
