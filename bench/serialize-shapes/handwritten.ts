/**
 * The hand-written limit: `toJSON` / `fromJSON` written by hand for each
 * shape, with the same checks as the decorum models (types; ids integers
 * ≥ 0; amounts, x, y finite; `kind` one of three words; dates valid; every
 * problem collected with its path, thrown once).
 */

import { makeClasses } from "./classes.js";
import type { Contestant } from "./contestant.js";
import type { OwnerData } from "./data.js";

/**
 * Issues and the path to the value being read: segments pushed and popped
 * as the reader descends, joined into text only when an issue is recorded
 * (a valid document builds no path strings).
 */
class Issues {
  readonly list: string[] = [];
  readonly keys: Array<string | number> = ["$"];
  add(key: string | number | undefined, message: string): void {
    const at = key === undefined ? this.keys : [...this.keys, key];
    this.list.push(`${at.join(".")}: ${message}`);
  }
  get length(): number {
    return this.list.length;
  }
}
type Obj = Record<string, unknown>;

function obj(v: unknown, key: string | number | undefined, issues: Issues): Obj {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    issues.add(key, "expected object");
    return {};
  }
  return v as Obj;
}
function str(v: unknown, key: string | number, issues: Issues): string {
  if (typeof v !== "string") issues.add(key, "expected string");
  return v as string;
}
function id(v: unknown, key: string, issues: Issues): number {
  if (typeof v !== "number") issues.add(key, "expected number");
  else if (!Number.isInteger(v)) issues.add(key, "must be an integer");
  else if (!(v >= 0)) issues.add(key, "must not be negative");
  return v as number;
}
function fin(v: unknown, key: string, issues: Issues): number {
  if (typeof v !== "number") issues.add(key, "expected number");
  else if (!Number.isFinite(v)) issues.add(key, "must be a finite number");
  return v as number;
}
function date(v: unknown, key: string, issues: Issues): Date {
  const d = typeof v === "string" ? new Date(v) : undefined;
  if (d === undefined || Number.isNaN(d.getTime())) {
    issues.add(key, "expected an ISO date");
    return new Date(0);
  }
  return d;
}
function done<T>(issues: Issues, v: T): T {
  if (issues.length > 0) throw new Error(issues.list.join("\n"));
  return v;
}

const m = makeClasses();

class Transaction extends m.Transaction {
  toJSON(): unknown {
    return { id: this.id, amount: this.amount, at: this.at.toISOString(), memo: this.memo };
  }
  static fromJSON(j: unknown, issues: Issues): Transaction {
    const o = obj(j, undefined, issues);
    const t = new Transaction();
    t.id = id(o.id, "id", issues);
    t.amount = fin(o.amount, "amount", issues);
    t.at = date(o.at, "at", issues);
    t.memo = str(o.memo, "memo", issues);
    return t;
  }
}
class Person extends m.Person {
  toJSON(): unknown {
    return { kind: "person", name: this.name, email: this.email };
  }
}
class Company extends m.Company {
  toJSON(): unknown {
    return { kind: "company", name: this.name, vat: this.vat };
  }
}
function ownerFromJSON(j: unknown, issues: Issues): Person | Company {
  const o = obj(j, undefined, issues);
  if (o.kind === "person") {
    const p = new Person();
    p.name = str(o.name, "name", issues);
    p.email = str(o.email, "email", issues);
    return p;
  }
  if (o.kind === "company") {
    const c = new Company();
    c.name = str(o.name, "name", issues);
    c.vat = str(o.vat, "vat", issues);
    return c;
  }
  issues.add("kind", 'expected "person" or "company"');
  return new Person();
}
class Account extends m.Account {
  toJSON(): unknown {
    const balances: Record<string, number> = {};
    for (const [k, v] of this.balances) balances[k] = v;
    return {
      id: this.id,
      owner: this.owner,
      opened: this.opened.toISOString(),
      balances,
      flags: [...this.flags],
      transactions: this.transactions,
    };
  }
  static fromJSON(j: unknown, issues: Issues): Account {
    const o = obj(j, undefined, issues);
    const a = new Account();
    const keys = issues.keys;
    a.id = str(o.id, "id", issues);
    keys.push("owner");
    a.owner = ownerFromJSON(o.owner, issues);
    keys.pop();
    a.opened = date(o.opened, "opened", issues);
    const b = obj(o.balances, "balances", issues);
    for (const k of Object.keys(b)) {
      const v = b[k];
      if (typeof v !== "number") issues.add(`balances.${k}`, "expected number");
      a.balances.set(k, v as number);
    }
    const flags = o.flags;
    if (!Array.isArray(flags)) issues.add("flags", "expected array");
    else {
      keys.push("flags");
      for (let i = 0; i < flags.length; i++) a.flags.add(str(flags[i], i, issues));
      keys.pop();
    }
    const ts = o.transactions;
    if (!Array.isArray(ts)) issues.add("transactions", "expected array");
    else {
      const out: Transaction[] = new Array(ts.length);
      keys.push("transactions");
      for (let i = 0; i < ts.length; i++) {
        keys.push(i);
        out[i] = Transaction.fromJSON(ts[i], issues);
        keys.pop();
      }
      keys.pop();
      a.transactions = out;
    }
    return a;
  }
}
class Ledger extends m.Ledger {
  static fromJSON(j: unknown, issues: Issues): Ledger {
    const o = obj(j, undefined, issues);
    const l = new Ledger();
    const as = o.accounts;
    if (!Array.isArray(as)) issues.add("accounts", "expected array");
    else {
      const out: Account[] = new Array(as.length);
      issues.keys.push("accounts");
      for (let i = 0; i < as.length; i++) {
        issues.keys.push(i);
        out[i] = Account.fromJSON(as[i], issues);
        issues.keys.pop();
      }
      issues.keys.pop();
      l.accounts = out;
    }
    return l;
  }
}
class Message extends m.Message {
  toJSON(): unknown {
    return { seq: this.seq, kind: this.kind, x: this.x, y: this.y, at: this.at.toISOString() };
  }
  static fromJSON(j: unknown, issues: Issues): Message {
    const o = obj(j, undefined, issues);
    const r = new Message();
    r.seq = id(o.seq, "seq", issues);
    const k = o.kind;
    if (k !== "move" && k !== "click" && k !== "scroll") issues.add("kind", 'must be one of "move", "click", "scroll"');
    r.kind = k as string;
    r.x = fin(o.x, "x", issues);
    r.y = fin(o.y, "y", issues);
    r.at = date(o.at, "at", issues);
    return r;
  }
}
class ChainNode extends m.ChainNode {
  declare next: ChainNode | null;
  /** Iterative: a 200-deep recursion of toJSON calls is what JSON.stringify does anyway. */
  toJSON(): unknown {
    return { id: this.id, amount: this.amount, label: this.label, next: this.next };
  }
  static fromJSON(j: unknown, issues: Issues): ChainNode {
    const head = new ChainNode();
    let cur = head;
    let o = obj(j, undefined, issues);
    let depth = 0;
    for (;;) {
      cur.id = id(o.id, "id", issues);
      cur.amount = fin(o.amount, "amount", issues);
      cur.label = str(o.label, "label", issues);
      const next = o.next;
      if (next === null) break;
      issues.keys.push("next");
      depth++;
      o = obj(next, undefined, issues);
      if (o !== next) break;
      const n = new ChainNode();
      cur.next = n;
      cur = n;
    }
    issues.keys.length -= depth;
    return head;
  }
}

function buildLedger(data: Parameters<typeof m.buildLedger>[0]): Ledger {
  const l = new Ledger();
  l.accounts = data.map((d) => {
    const a = new Account();
    a.id = d.id;
    const o = d.owner as OwnerData;
    a.owner =
      o.kind === "person"
        ? Object.assign(new Person(), { name: o.name, email: o.email })
        : Object.assign(new Company(), { name: o.name, vat: o.vat });
    a.opened = new Date(d.opened);
    a.balances = new Map(d.balances);
    a.flags = new Set(d.flags);
    a.transactions = d.transactions.map((t) => Object.assign(new Transaction(), { ...t, at: new Date(t.at) }));
    return a;
  });
  return l;
}

export const handwritten: Contestant = {
  name: "hand-written toJSON/fromJSON",
  role: "limit",
  ledger: {
    build: buildLedger,
    encode: (x) => JSON.stringify(x),
    decode(text) {
      const issues = new Issues();
      return done(issues, Ledger.fromJSON(JSON.parse(text), issues));
    },
    validates: true,
  },
  message: {
    build: (d) => Object.assign(new Message(), { ...d, at: new Date(d.at) }),
    encode: (x) => JSON.stringify(x),
    decode(text) {
      const issues = new Issues();
      return done(issues, Message.fromJSON(JSON.parse(text), issues));
    },
    validates: true,
  },
  chain: {
    build(d) {
      const issues = new Issues();
      return done(issues, ChainNode.fromJSON(JSON.parse(JSON.stringify(d)), issues));
    },
    encode: (x) => JSON.stringify(x),
    decode(text) {
      const issues = new Issues();
      return done(issues, ChainNode.fromJSON(JSON.parse(text), issues));
    },
    validates: true,
  },
  notes: [],
};
