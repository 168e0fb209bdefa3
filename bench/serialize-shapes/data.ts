/**
 * The three shapes of data of the shapes benchmark, independent of any
 * library: a deterministic description of each, the equivalent plain JSON
 * tree, {@link canonical} (any contestant's decoded graph → one comparable
 * JSON string, checking the class of every object on the way) and the bad
 * inputs every validating contestant must reject.
 *
 * - ledger: accounts with a polymorphic owner (`Person` / `Company`, told
 *   apart by `kind` in plain JSON), a `Date`, a `Map<string, number>`, a
 *   `Set<string>` and a hundred dated `Transaction`s whose `id` is an
 *   integer ≥ 0 and `amount` a finite number;
 * - message: one small `{ seq, kind, x, y, at }` at a time (`seq` an
 *   integer ≥ 0, `kind` one of three words, `x` / `y` finite);
 * - chain: a linked list of 200 `ChainNode`s (`id` an integer ≥ 0,
 *   `amount` finite), each the `next` of the one before (the last `null`).
 */

export interface TxData {
  id: number;
  amount: number;
  at: string;
  memo: string;
}
export type OwnerData = { kind: "person"; name: string; email: string } | { kind: "company"; name: string; vat: string };
export interface AccountData {
  id: string;
  owner: OwnerData;
  opened: string;
  balances: Array<[string, number]>;
  flags: string[];
  transactions: TxData[];
}
export interface MessageData {
  seq: number;
  kind: "move" | "click" | "scroll";
  x: number;
  y: number;
  at: string;
}
export interface NodeData {
  id: number;
  amount: number;
  label: string;
  next: NodeData | null;
}

/** Transactions per account (the hundred). */
export const TRANSACTIONS = 100;
/** Nodes per chain. */
export const CHAIN = 200;
export const KINDS = ["move", "click", "scroll"] as const;

const iso = (ms: number) => new Date(ms).toISOString();
const T0 = Date.UTC(2024, 0, 1);

export function accountData(i: number): AccountData {
  const transactions: TxData[] = [];
  for (let j = 0; j < TRANSACTIONS; j++) {
    transactions.push({
      id: i * TRANSACTIONS + j,
      amount: Math.round(((i * 7 + j * 13) % 2000) - 1000 + j / 8) / 4,
      at: iso(T0 + (i * TRANSACTIONS + j) * 3_600_000 + j * 1234),
      memo: j % 3 ? `transfer ${j}` : `card "${i}-${j}"`,
    });
  }
  return {
    id: `acc-${i}`,
    owner:
      i % 2
        ? { kind: "person", name: `Person ${i}`, email: `p${i}@example.com` }
        : { kind: "company", name: `Company ${i} <Ltd>`, vat: `FR${100000 + i}` },
    opened: iso(T0 - i * 86_400_000),
    balances: [
      ["EUR", 100 + i],
      ["USD", -20.5 + i],
    ],
    flags: i % 3 ? ["active"] : ["active", "vip", "audited"],
    transactions,
  };
}
export function ledgerData(n: number): AccountData[] {
  return Array.from({ length: n }, (_, i) => accountData(i));
}

export function messageData(i: number): MessageData {
  return { seq: i, kind: KINDS[i % 3] as MessageData["kind"], x: (i % 640) + 0.5, y: -(i % 480) / 4, at: iso(T0 + i * 16) };
}

export function chainData(n: number): NodeData {
  let next: NodeData | null = null;
  for (let i = n - 1; i >= 0; i--) next = { id: i, amount: (i % 17) * 1.25 - 3, label: `node ${i}`, next };
  return next as NodeData;
}

// ── plain trees (what JSON.stringify / JSON.parse of the limit see) ───────────

export interface PlainTx {
  id: number;
  amount: number;
  at: string;
  memo: string;
}
export interface PlainAccount {
  id: string;
  owner: OwnerData;
  opened: string;
  balances: Record<string, number>;
  flags: string[];
  transactions: PlainTx[];
}
export interface PlainLedger {
  accounts: PlainAccount[];
}
export function plainLedger(data: readonly AccountData[]): PlainLedger {
  return {
    accounts: data.map((a) => ({
      id: a.id,
      owner: { ...a.owner },
      opened: a.opened,
      balances: Object.fromEntries(a.balances),
      flags: [...a.flags],
      transactions: a.transactions.map((t) => ({ ...t })),
    })),
  };
}
export function plainMessage(m: MessageData): MessageData {
  return { ...m };
}
export function plainChain(n: NodeData): NodeData {
  return JSON.parse(JSON.stringify(n)) as NodeData;
}

// ── canonical forms ──────────────────────────────────────────────────────────

function fail(path: string, what: string, got: unknown): never {
  throw new Error(
    `canonical: ${path}: expected ${what}, got ${Object.prototype.toString.call(got)} ${String((got as object)?.constructor?.name)}`,
  );
}
function cls(v: unknown, allowed: readonly string[], path: string): string {
  const name = (v as object | null)?.constructor?.name;
  if (v === null || typeof v !== "object" || name === undefined || !allowed.includes(name)) fail(path, allowed.join("|"), v);
  return name;
}
function date(v: unknown, path: string): string {
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) fail(path, "valid Date", v);
  return v.toISOString();
}

type Obj = Record<string, unknown>;

function canonOwner(o: Obj, path: string): unknown {
  const c = cls(o, ["Person", "Company"], path);
  return c === "Person" ? { class: c, name: o.name, email: o.email } : { class: c, name: o.name, vat: o.vat };
}
function canonAccount(a: Obj, path: string): unknown {
  cls(a, ["Account"], path);
  if (!(a.balances instanceof Map)) fail(`${path}.balances`, "Map", a.balances);
  if (!(a.flags instanceof Set)) fail(`${path}.flags`, "Set", a.flags);
  const txs = a.transactions;
  if (!Array.isArray(txs)) fail(`${path}.transactions`, "array", txs);
  return {
    class: "Account",
    id: a.id,
    owner: canonOwner(a.owner as Obj, `${path}.owner`),
    opened: date(a.opened, `${path}.opened`),
    balances: [...a.balances],
    flags: [...a.flags],
    transactions: txs.map((t: Obj, j) => {
      cls(t, ["Transaction"], `${path}.transactions[${j}]`);
      return { class: "Transaction", id: t.id, amount: t.amount, at: date(t.at, `${path}.transactions[${j}].at`), memo: t.memo };
    }),
  };
}
function canonPlainAccount(a: PlainAccount): unknown {
  const o = a.owner;
  return {
    class: "Account",
    id: a.id,
    owner: o.kind === "person" ? { class: "Person", name: o.name, email: o.email } : { class: "Company", name: o.name, vat: o.vat },
    opened: a.opened,
    balances: Object.entries(a.balances),
    flags: a.flags,
    transactions: a.transactions.map((t) => ({ class: "Transaction", ...t })),
  };
}

/** Canonical form of a decoded ledger (instances of `Ledger`, or the plain tree). */
export function canonicalLedger(v: unknown): string {
  const plain = (v as object)?.constructor === Object;
  if (!plain) cls(v, ["Ledger"], "$");
  const accounts = (v as Obj).accounts;
  if (!Array.isArray(accounts)) fail("$.accounts", "array", accounts);
  return JSON.stringify(
    accounts.map((a, i) => (plain ? canonPlainAccount(a as PlainAccount) : canonAccount(a as Obj, `$.accounts[${i}]`))),
  );
}
export function canonicalLedgerData(data: readonly AccountData[]): string {
  return canonicalLedger(plainLedger(data));
}

/** Canonical form of a decoded message. */
export function canonicalMessage(v: unknown): string {
  const m = v as Obj;
  const plain = m?.constructor === Object;
  if (!plain) cls(v, ["Message"], "$");
  return JSON.stringify({
    class: "Message",
    seq: m.seq,
    kind: m.kind,
    x: m.x,
    y: m.y,
    at: plain ? m.at : date(m.at, "$.at"),
  });
}
export function canonicalMessageData(d: MessageData): string {
  return canonicalMessage(plainMessage(d));
}

/** Canonical form of a decoded chain (iterative: 200 levels). */
export function canonicalChain(v: unknown): string {
  const out: unknown[] = [];
  let n = v as Obj | null;
  let path = "$";
  while (n !== null) {
    if (n?.constructor !== Object) cls(n, ["ChainNode"], path);
    out.push({ class: "ChainNode", id: n.id, amount: n.amount, label: n.label });
    if (n.next === undefined) fail(`${path}.next`, "ChainNode or null", n.next);
    n = n.next as Obj | null;
    path += ".next";
  }
  return JSON.stringify(out);
}
export function canonicalChainData(d: NodeData): string {
  return canonicalChain(plainChain(d));
}

// ── bad inputs ───────────────────────────────────────────────────────────────

/**
 * Bad variants of a contestant's own (valid) text: the first integer id made
 * negative, and the first amount made non-finite (`1e999`, which `JSON.parse`
 * reads as `Infinity`: plain JSON has no NaN, and a NaN written by
 * `JSON.stringify` becomes `null`, which every type check refuses anyway).
 */
export function badTexts(text: string, idKey: string, amountKey: string): Array<[string, string]> {
  const neg = text.replace(new RegExp(`"${idKey}":(\\d+)`), `"${idKey}":-1$1`);
  const inf = text.replace(new RegExp(`"${amountKey}":(-?[0-9.e+-]+)`), `"${amountKey}":1e999`);
  const frac = text.replace(new RegExp(`"${idKey}":(\\d+)`), `"${idKey}":$1.5`);
  if (neg === text || inf === text || frac === text) throw new Error(`badTexts: no "${idKey}" / "${amountKey}" in ${text.slice(0, 200)}`);
  return [
    [`negative ${idKey}`, neg],
    [`non-finite ${amountKey}`, inf],
    [`fractional ${idKey}`, frac],
  ];
}
