/**
 * Validating peers on the decode side: ajv (compiled JSON Schema), TypeBox's
 * TypeCompiler and zod 4, each followed by hand-built instances (the
 * builders of classes.ts, which also refuse an invalid date). They have no
 * encode side of their own (fast-json-stringify is the schema-compiled
 * writer, see writers.ts).
 */
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { Ajv } from "ajv";
import { z } from "zod";
import { makeClasses } from "./classes.js";
import type { Contestant } from "./contestant.js";
import type { MessageData, NodeData, PlainLedger } from "./data.js";
import { chainSchema, ledgerSchema, messageSchema, TChain, TLedger, TMessage } from "./schemas.js";

function fail(what: string, errors: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(errors)?.slice(0, 300)}`);
}

// ── ajv ──────────────────────────────────────────────────────────────────────
const A = makeClasses();
const ajv = new Ajv({ discriminator: true, allErrors: true });
const ajvLedger = ajv.compile(ledgerSchema);
const ajvMessage = ajv.compile(messageSchema);
const ajvChain = ajv.compile(chainSchema);

export const ajvPeer: Contestant = {
  name: "ajv + hand-built instances",
  role: "peer",
  ledger: {
    build: A.buildLedger,
    decode(text) {
      const j = JSON.parse(text) as unknown;
      if (!ajvLedger(j)) fail("ajv", ajvLedger.errors);
      return A.ledgerFromPlain(j as PlainLedger);
    },
    validates: true,
  },
  message: {
    build: A.buildMessage,
    decode(text) {
      const j = JSON.parse(text) as unknown;
      if (!ajvMessage(j)) fail("ajv", ajvMessage.errors);
      return A.messageFromPlain(j as MessageData);
    },
    validates: true,
  },
  chain: {
    build: A.buildChain,
    decode(text) {
      const j = JSON.parse(text) as unknown;
      if (!ajvChain(j)) fail("ajv", ajvChain.errors);
      return A.chainFromPlain(j as NodeData);
    },
    validates: true,
  },
  notes: ["ajv 8 with allErrors (every problem reported, as decorum does); dates checked by the hand-built instances"],
};

// ── TypeBox ──────────────────────────────────────────────────────────────────
const B = makeClasses();
const tbLedger = TypeCompiler.Compile(TLedger);
const tbMessage = TypeCompiler.Compile(TMessage);
const tbChain = TypeCompiler.Compile(TChain);

export const typeboxPeer: Contestant = {
  name: "TypeBox TypeCompiler + hand-built",
  role: "peer",
  ledger: {
    build: B.buildLedger,
    decode(text) {
      const j = JSON.parse(text) as unknown;
      if (!tbLedger.Check(j)) fail("typebox", [...tbLedger.Errors(j)]);
      return B.ledgerFromPlain(j as PlainLedger);
    },
    validates: true,
  },
  message: {
    build: B.buildMessage,
    decode(text) {
      const j = JSON.parse(text) as unknown;
      if (!tbMessage.Check(j)) fail("typebox", [...tbMessage.Errors(j)]);
      return B.messageFromPlain(j as MessageData);
    },
    validates: true,
  },
  chain: {
    build: B.buildChain,
    decode(text) {
      const j = JSON.parse(text) as unknown;
      if (!tbChain.Check(j)) fail("typebox", [...tbChain.Errors(j)]);
      return B.chainFromPlain(j as NodeData);
    },
    validates: true,
  },
  notes: ["`Check` is a boolean pass; the errors are enumerated only for a rejected input"],
};

// ── zod 4 ────────────────────────────────────────────────────────────────────
const C = makeClasses();
const zId = z.number().int().min(0);
const zTx = z.object({ id: zId, amount: z.number(), at: z.string(), memo: z.string() });
const zLedger = z.object({
  accounts: z.array(
    z.object({
      id: z.string(),
      owner: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("person"), name: z.string(), email: z.string() }),
        z.object({ kind: z.literal("company"), name: z.string(), vat: z.string() }),
      ]),
      opened: z.string(),
      balances: z.record(z.string(), z.number()),
      flags: z.array(z.string()),
      transactions: z.array(zTx),
    }),
  ),
});
const zMessage = z.object({ seq: zId, kind: z.enum(["move", "click", "scroll"]), x: z.number(), y: z.number(), at: z.string() });
interface ZNode {
  id: number;
  amount: number;
  label: string;
  next: ZNode | null;
}
const zChain: z.ZodType<ZNode> = z.object({
  id: zId,
  amount: z.number(),
  label: z.string(),
  get next(): z.ZodNullable<z.ZodType<ZNode>> {
    return zChain.nullable();
  },
});

export const zodPeer: Contestant = {
  name: "zod 4 + hand-built",
  role: "peer",
  ledger: {
    build: C.buildLedger,
    decode: (text) => C.ledgerFromPlain(zLedger.parse(JSON.parse(text)) as PlainLedger),
    validates: true,
  },
  message: {
    build: C.buildMessage,
    decode: (text) => C.messageFromPlain(zMessage.parse(JSON.parse(text)) as MessageData),
    validates: true,
  },
  chain: {
    build: C.buildChain,
    decode: (text) => C.chainFromPlain(zChain.parse(JSON.parse(text)) as NodeData),
    validates: true,
  },
  notes: ["`parse` copies every object (unknown keys stripped) before the instances are built from the copy"],
};
