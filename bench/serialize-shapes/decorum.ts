/**
 * decorum: the three shapes as a user writes them (standard decorators;
 * `accessor` where a validator guards the field), in an isolated registry.
 * Two contestants: the tagged wire format (`serialize` / `deserialize`) and
 * plain JSON (`serialize(x, { tags: false })` / `deserialize(text, Class)`).
 * Both run every validator and collect every issue.
 */
import { field, finite, integer, model, nonNegative, oneOf, Registry } from "decorum";
import type { Contestant } from "./contestant.js";
import type { AccountData, MessageData, NodeData, OwnerData } from "./data.js";

/** The isolated registry of the benchmark's decorum models. */
export const registry = new Registry();

/** The owner of an account: a `Person` or a `Company` (`kind` in plain JSON, `"$type"` when tagged). */
@model({ registry, name: "shapes.Owner", discriminator: "kind" })
abstract class Owner {
  @field(String) name = "";
}

@model({ registry, name: "shapes.Person", discriminatorValue: "person" })
class Person extends Owner {
  @field(String) email = "";
}

@model({ registry, name: "shapes.Company", discriminatorValue: "company" })
class Company extends Owner {
  @field(String) vat = "";
}

@model({ registry, name: "shapes.Transaction" })
class Transaction {
  @field(Number) @integer @nonNegative accessor id = 0;
  @field(Number) @finite accessor amount = 0;
  @field(Date) at = new Date(0);
  @field(String) memo = "";
}

@model({ registry, name: "shapes.Account" })
class Account {
  @field(String) id = "";
  @field(Owner) owner: Owner = new Person();
  @field(Date) opened = new Date(0);
  @field(Map) balances = new Map<string, number>();
  @field(Set) flags = new Set<string>();
  @field([Transaction]) transactions: Transaction[] = [];
}

@model({ registry, name: "shapes.Ledger" })
export class Ledger {
  @field([Account]) accounts: Account[] = [];
}

@model({ registry, name: "shapes.Message" })
export class Message {
  @field(Number) @integer @nonNegative accessor seq = 0;
  @field(String) @oneOf("move", "click", "scroll") accessor kind = "move";
  @field(Number) @finite accessor x = 0;
  @field(Number) @finite accessor y = 0;
  @field(Date) at = new Date(0);
}

@model({ registry, name: "shapes.ChainNode" })
export class ChainNode {
  @field(Number) @integer @nonNegative accessor id = 0;
  @field(Number) @finite accessor amount = 0;
  @field(String) label = "";
  @field({ type: () => ChainNode, optional: true }) next: ChainNode | null = null;
}

function owner(o: OwnerData): Owner {
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

export function buildLedger(data: readonly AccountData[]): Ledger {
  const l = new Ledger();
  l.accounts = data.map((d) => {
    const a = new Account();
    a.id = d.id;
    a.owner = owner(d.owner);
    a.opened = new Date(d.opened);
    a.balances = new Map(d.balances);
    a.flags = new Set(d.flags);
    a.transactions = d.transactions.map((t) => {
      const x = new Transaction();
      x.id = t.id;
      x.amount = t.amount;
      x.at = new Date(t.at);
      x.memo = t.memo;
      return x;
    });
    return a;
  });
  return l;
}

export function buildMessage(d: MessageData): Message {
  const m = new Message();
  m.seq = d.seq;
  m.kind = d.kind;
  m.x = d.x;
  m.y = d.y;
  m.at = new Date(d.at);
  return m;
}

export function buildChain(d: NodeData): ChainNode {
  const head = new ChainNode();
  let cur = head;
  let n: NodeData = d;
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

export const decorumTagged: Contestant = {
  name: "decorum serialize/deserialize",
  role: "decorum",
  ledger: {
    build: buildLedger,
    encode: (x) => registry.serialize(x),
    decode: (text) => registry.deserialize(text),
    validates: true,
  },
  message: { build: buildMessage, encode: (x) => registry.serialize(x), decode: (text) => registry.deserialize(text), validates: true },
  chain: { build: buildChain, encode: (x) => registry.serialize(x), decode: (text) => registry.deserialize(text), validates: true },
  notes: ['tagged wire format: "$type" on every model, Date, Map and Set'],
};

const PLAIN = { tags: false } as const;
export const decorumPlain: Contestant = {
  name: "decorum plain (tags: false)",
  role: "decorum",
  ledger: {
    build: buildLedger,
    encode: (x) => registry.serialize(x, PLAIN),
    decode: (text) => registry.deserialize(text, Ledger),
    validates: true,
  },
  message: {
    build: buildMessage,
    encode: (x) => registry.serialize(x, PLAIN),
    decode: (text) => registry.deserialize(text, Message),
    validates: true,
  },
  chain: {
    build: buildChain,
    encode: (x) => registry.serialize(x, PLAIN),
    decode: (text) => registry.deserialize(text, ChainNode),
    validates: true,
  },
  notes: ["plain JSON: the same text as JSON.stringify of the plain tree; the declared types type it on decode"],
};

/**
 * Not a peer: the floor a decoder of these models stands on. `JSON.parse`,
 * then decorum's own classes built by hand from the parsed tree (`new
 * Model()`, every field assigned: the validators run in the setters, so it
 * rejects what the decoders reject). No decoder can do less than parse the
 * text and construct the instances; where this row is as slow as a peer, the
 * models' construction, not the decoder, sets the limit.
 */
export const decorumFloor: Contestant = {
  name: "floor: JSON.parse + decorum classes built by hand",
  role: "limit",
  ledger: {
    build: buildLedger,
    decode: (text) => {
      const j = JSON.parse(text) as { accounts: Array<Omit<AccountData, "balances"> & { balances: Record<string, number> }> };
      return buildLedger(j.accounts.map((a) => ({ ...a, balances: Object.entries(a.balances) })));
    },
    validates: true,
  },
  message: { build: buildMessage, decode: (text) => buildMessage(JSON.parse(text) as MessageData), validates: true },
  chain: { build: buildChain, decode: (text) => buildChain(JSON.parse(text) as NodeData), validates: true },
  notes: ["decorum's classes built by hand after JSON.parse: the setters validate; Dates read with new Date(text)"],
};

/**
 * Not a peer: the same floor on decorum's tagged text. `JSON.parse` of what
 * `serialize` writes (a `"$type"` on the root model; the declared fields need
 * none), then the classes built by hand, the tag ignored. What the tagged
 * wire format costs to parse shows as this row over {@link decorumFloor}.
 * Message and chain only: the ledger's tagged Maps and Sets need a reader of
 * their own.
 */
export const decorumTaggedFloor: Contestant = {
  name: "floor on the tagged text: JSON.parse + decorum classes built by hand",
  role: "limit",
  readsTextOf: decorumTagged,
  ledger: { build: buildLedger, validates: true },
  message: {
    build: buildMessage,
    decode: (text) => {
      const d = JSON.parse(text) as MessageData;
      const m = new Message();
      m.seq = d.seq;
      m.kind = d.kind;
      m.x = num(d.x);
      m.y = num(d.y);
      m.at = new Date(d.at);
      return m;
    },
    validates: true,
  },
  chain: {
    build: buildChain,
    decode: (text) => {
      const head = new ChainNode();
      let cur = head;
      let n = JSON.parse(text) as NodeData;
      for (;;) {
        cur.id = n.id;
        cur.amount = num(n.amount);
        cur.label = n.label;
        if (n.next === null) break;
        const next = new ChainNode();
        cur.next = next;
        cur = next;
        n = n.next;
      }
      return head;
    },
    validates: true,
  },
  notes: ["the tagged text of decorum serialize: the root's tag ignored, a tagged number (-0, NaN, ±Infinity) read"],
};

/** A number of the tagged text: a plain number, or `{"$type":"number","value":"-0"}` for what JSON has no literal for. */
function num(v: unknown): number {
  if (typeof v === "number") return v;
  const t = v as { $type?: unknown; value?: unknown } | null;
  return t !== null && typeof t === "object" && t.$type === "number" ? Number(t.value) : (v as number);
}
