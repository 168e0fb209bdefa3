/**
 * Plain classes (no decorators) of the three shapes, and hand-written
 * builders: from the benchmark data (the instances the encoders start
 * from), from an already validated plain tree (what ajv, TypeBox and zod
 * contestants do after validation: "hand-built instances") and to the plain
 * tree (a hand-written `toPlain`). {@link makeClasses} gives each peer its own
 * copy, so one library's metadata never helps another.
 */
import type { AccountData, MessageData, NodeData, OwnerData, PlainAccount, PlainLedger, PlainTx } from "./data.js";

function toDate(s: string, path: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new Error(`${path}: invalid date`);
  return d;
}

export function makeClasses() {
  class Person {
    name = "";
    email = "";
  }
  class Company {
    name = "";
    vat = "";
  }
  class Transaction {
    id = 0;
    amount = 0;
    at = new Date(0);
    memo = "";
  }
  class Account {
    id = "";
    owner: Person | Company = new Person();
    opened = new Date(0);
    balances = new Map<string, number>();
    flags = new Set<string>();
    transactions: Transaction[] = [];
  }
  class Ledger {
    accounts: Account[] = [];
  }
  class Message {
    seq = 0;
    kind = "move";
    x = 0;
    y = 0;
    at = new Date(0);
  }
  class ChainNode {
    id = 0;
    amount = 0;
    label = "";
    next: ChainNode | null = null;
  }

  function owner(o: OwnerData): Person | Company {
    if (o.kind === "person") {
      const p = new Person();
      p.name = o.name;
      p.email = o.email;
      return p;
    }
    const c = new Company();
    c.name = o.name;
    c.vat = o.vat;
    return c;
  }
  function tx(t: PlainTx, path: string): Transaction {
    const x = new Transaction();
    x.id = t.id;
    x.amount = t.amount;
    x.at = toDate(t.at, `${path}.at`);
    x.memo = t.memo;
    return x;
  }
  /** An account from a plain (validated) account. */
  function account(a: PlainAccount, path: string): Account {
    const r = new Account();
    r.id = a.id;
    r.owner = owner(a.owner);
    r.opened = toDate(a.opened, `${path}.opened`);
    const b = a.balances;
    for (const k in b) r.balances.set(k, b[k] as number);
    for (const f of a.flags) r.flags.add(f);
    const ts = a.transactions;
    const out: Transaction[] = new Array(ts.length);
    for (let i = 0; i < ts.length; i++) out[i] = tx(ts[i] as PlainTx, `${path}.transactions[${i}]`);
    r.transactions = out;
    return r;
  }
  function ledgerFromPlain(p: PlainLedger): Ledger {
    const l = new Ledger();
    const as = p.accounts;
    const out: Account[] = new Array(as.length);
    for (let i = 0; i < as.length; i++) out[i] = account(as[i] as PlainAccount, `accounts[${i}]`);
    l.accounts = out;
    return l;
  }
  function ledgerToPlain(l: Ledger): PlainLedger {
    return {
      accounts: l.accounts.map((a) => {
        const o = a.owner;
        const balances: Record<string, number> = {};
        for (const [k, v] of a.balances) balances[k] = v;
        const ts = a.transactions;
        const txs: PlainTx[] = new Array(ts.length);
        for (let i = 0; i < ts.length; i++) {
          const t = ts[i] as Transaction;
          txs[i] = { id: t.id, amount: t.amount, at: t.at.toISOString(), memo: t.memo };
        }
        return {
          id: a.id,
          owner: o instanceof Person ? { kind: "person", name: o.name, email: o.email } : { kind: "company", name: o.name, vat: o.vat },
          opened: a.opened.toISOString(),
          balances,
          flags: [...a.flags],
          transactions: txs,
        };
      }),
    };
  }
  function buildLedger(data: readonly AccountData[]): Ledger {
    const l = new Ledger();
    l.accounts = data.map((d) => {
      const a = new Account();
      a.id = d.id;
      a.owner = owner(d.owner);
      a.opened = new Date(d.opened);
      a.balances = new Map(d.balances);
      a.flags = new Set(d.flags);
      a.transactions = d.transactions.map((t, j) => tx(t, `transactions[${j}]`));
      return a;
    });
    return l;
  }

  function messageFromPlain(m: MessageData): Message {
    const r = new Message();
    r.seq = m.seq;
    r.kind = m.kind;
    r.x = m.x;
    r.y = m.y;
    r.at = toDate(m.at, "at");
    return r;
  }
  function messageToPlain(m: Message): MessageData {
    return { seq: m.seq, kind: m.kind as MessageData["kind"], x: m.x, y: m.y, at: m.at.toISOString() };
  }

  function chainFromPlain(p: NodeData): ChainNode {
    const head = new ChainNode();
    let cur = head;
    let n: NodeData = p;
    for (;;) {
      cur.id = n.id;
      cur.amount = n.amount;
      cur.label = n.label;
      if (n.next === null) break;
      const next = new ChainNode();
      cur.next = next;
      cur = next;
      n = n.next;
    }
    return head;
  }
  function chainToPlain(c: ChainNode): NodeData {
    const root: NodeData = { id: c.id, amount: c.amount, label: c.label, next: null };
    let out = root;
    for (let n = c.next; n !== null; n = n.next) {
      const x: NodeData = { id: n.id, amount: n.amount, label: n.label, next: null };
      out.next = x;
      out = x;
    }
    return root;
  }

  return {
    Person,
    Company,
    Transaction,
    Account,
    Ledger,
    Message,
    ChainNode,
    buildLedger,
    ledgerFromPlain,
    ledgerToPlain,
    buildMessage: messageFromPlain,
    messageFromPlain,
    messageToPlain,
    buildChain: chainFromPlain,
    chainFromPlain,
    chainToPlain,
  };
}

export type Classes = ReturnType<typeof makeClasses>;
