/**
 * The hand-written limit: `toJSON` / `fromJSON` written by hand for each
 * shape, with the same checks as the decorum models (types; ids integers
 * ≥ 0; amounts, x, y finite; `kind` one of three words; dates valid; every
 * problem collected with its path, thrown once).
 */

import { makeClasses } from "./classes.js";
import type { Contestant } from "./contestant.js";
import type { OwnerData } from "./data.js";

type Issues = string[];
type Obj = Record<string, unknown>;

function obj(v: unknown, path: string, issues: Issues): Obj {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    issues.push(`${path}: expected object`);
    return {};
  }
  return v as Obj;
}
function str(v: unknown, path: string, issues: Issues): string {
  if (typeof v !== "string") issues.push(`${path}: expected string`);
  return v as string;
}
function id(v: unknown, path: string, issues: Issues): number {
  if (typeof v !== "number") issues.push(`${path}: expected number`);
  else if (!Number.isInteger(v)) issues.push(`${path}: must be an integer`);
  else if (!(v >= 0)) issues.push(`${path}: must not be negative`);
  return v as number;
}
function fin(v: unknown, path: string, issues: Issues): number {
  if (typeof v !== "number") issues.push(`${path}: expected number`);
  else if (!Number.isFinite(v)) issues.push(`${path}: must be a finite number`);
  return v as number;
}
function date(v: unknown, path: string, issues: Issues): Date {
  const d = typeof v === "string" ? new Date(v) : undefined;
  if (d === undefined || Number.isNaN(d.getTime())) {
    issues.push(`${path}: expected an ISO date`);
    return new Date(0);
  }
  return d;
}
function done<T>(issues: Issues, v: T): T {
  if (issues.length > 0) throw new Error(issues.join("\n"));
  return v;
}

const m = makeClasses();

class Transaction extends m.Transaction {
  toJSON(): unknown {
    return { id: this.id, amount: this.amount, at: this.at.toISOString(), memo: this.memo };
  }
  static fromJSON(j: unknown, path: string, issues: Issues): Transaction {
    const o = obj(j, path, issues);
    const t = new Transaction();
    t.id = id(o.id, `${path}.id`, issues);
    t.amount = fin(o.amount, `${path}.amount`, issues);
    t.at = date(o.at, `${path}.at`, issues);
    t.memo = str(o.memo, `${path}.memo`, issues);
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
function ownerFromJSON(j: unknown, path: string, issues: Issues): Person | Company {
  const o = obj(j, path, issues);
  if (o.kind === "person") {
    const p = new Person();
    p.name = str(o.name, `${path}.name`, issues);
    p.email = str(o.email, `${path}.email`, issues);
    return p;
  }
  if (o.kind === "company") {
    const c = new Company();
    c.name = str(o.name, `${path}.name`, issues);
    c.vat = str(o.vat, `${path}.vat`, issues);
    return c;
  }
  issues.push(`${path}.kind: expected "person" or "company"`);
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
  static fromJSON(j: unknown, path: string, issues: Issues): Account {
    const o = obj(j, path, issues);
    const a = new Account();
    a.id = str(o.id, `${path}.id`, issues);
    a.owner = ownerFromJSON(o.owner, `${path}.owner`, issues);
    a.opened = date(o.opened, `${path}.opened`, issues);
    const b = obj(o.balances, `${path}.balances`, issues);
    for (const k of Object.keys(b)) {
      const v = b[k];
      if (typeof v !== "number") issues.push(`${path}.balances.${k}: expected number`);
      a.balances.set(k, v as number);
    }
    const flags = o.flags;
    if (!Array.isArray(flags)) issues.push(`${path}.flags: expected array`);
    else for (let i = 0; i < flags.length; i++) a.flags.add(str(flags[i], `${path}.flags[${i}]`, issues));
    const ts = o.transactions;
    if (!Array.isArray(ts)) issues.push(`${path}.transactions: expected array`);
    else {
      const out: Transaction[] = new Array(ts.length);
      for (let i = 0; i < ts.length; i++) out[i] = Transaction.fromJSON(ts[i], `${path}.transactions[${i}]`, issues);
      a.transactions = out;
    }
    return a;
  }
}
class Ledger extends m.Ledger {
  static fromJSON(j: unknown, issues: Issues): Ledger {
    const o = obj(j, "$", issues);
    const l = new Ledger();
    const as = o.accounts;
    if (!Array.isArray(as)) issues.push("$.accounts: expected array");
    else {
      const out: Account[] = new Array(as.length);
      for (let i = 0; i < as.length; i++) out[i] = Account.fromJSON(as[i], `$.accounts[${i}]`, issues);
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
    const o = obj(j, "$", issues);
    const r = new Message();
    r.seq = id(o.seq, "$.seq", issues);
    const k = o.kind;
    if (k !== "move" && k !== "click" && k !== "scroll") issues.push('$.kind: must be one of "move", "click", "scroll"');
    r.kind = k as string;
    r.x = fin(o.x, "$.x", issues);
    r.y = fin(o.y, "$.y", issues);
    r.at = date(o.at, "$.at", issues);
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
    let path = "$";
    const head = new ChainNode();
    let cur = head;
    let o = obj(j, path, issues);
    for (;;) {
      cur.id = id(o.id, `${path}.id`, issues);
      cur.amount = fin(o.amount, `${path}.amount`, issues);
      cur.label = str(o.label, `${path}.label`, issues);
      const next = o.next;
      if (next === null) break;
      path += ".next";
      o = obj(next, path, issues);
      if (o !== next) break;
      const n = new ChainNode();
      cur.next = n;
      cur = n;
    }
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
      const issues: Issues = [];
      return done(issues, Ledger.fromJSON(JSON.parse(text), issues));
    },
    validates: true,
  },
  message: {
    build: (d) => Object.assign(new Message(), { ...d, at: new Date(d.at) }),
    encode: (x) => JSON.stringify(x),
    decode(text) {
      const issues: Issues = [];
      return done(issues, Message.fromJSON(JSON.parse(text), issues));
    },
    validates: true,
  },
  chain: {
    build(d) {
      const issues: Issues = [];
      return done(issues, ChainNode.fromJSON(JSON.parse(JSON.stringify(d)), issues));
    },
    encode: (x) => JSON.stringify(x),
    decode(text) {
      const issues: Issues = [];
      return done(issues, ChainNode.fromJSON(JSON.parse(text), issues));
    },
    validates: true,
  },
  notes: [],
};
