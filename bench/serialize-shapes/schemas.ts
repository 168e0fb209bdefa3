/**
 * The shapes as JSON Schema (what an ajv or fast-json-stringify user
 * writes) and as TypeBox types. Dates are ISO strings here: the hand-built
 * instances parse them and refuse an invalid one, as every contestant does.
 */
import { type TSchema, Type } from "@sinclair/typebox";

const tx = {
  type: "object",
  properties: {
    id: { type: "integer", minimum: 0 },
    amount: { type: "number" },
    at: { type: "string" },
    memo: { type: "string" },
  },
  required: ["id", "amount", "at", "memo"],
} as const;

export const ledgerSchema = {
  type: "object",
  properties: {
    accounts: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          owner: {
            type: "object",
            discriminator: { propertyName: "kind" },
            required: ["kind"],
            oneOf: [
              {
                type: "object",
                properties: { kind: { const: "person" }, name: { type: "string" }, email: { type: "string" } },
                required: ["kind", "name", "email"],
              },
              {
                type: "object",
                properties: { kind: { const: "company" }, name: { type: "string" }, vat: { type: "string" } },
                required: ["kind", "name", "vat"],
              },
            ],
          },
          opened: { type: "string" },
          balances: { type: "object", additionalProperties: { type: "number" } },
          flags: { type: "array", items: { type: "string" } },
          transactions: { type: "array", items: tx },
        },
        required: ["id", "owner", "opened", "balances", "flags", "transactions"],
      },
    },
  },
  required: ["accounts"],
} as const;

export const messageSchema = {
  type: "object",
  properties: {
    seq: { type: "integer", minimum: 0 },
    kind: { enum: ["move", "click", "scroll"] },
    x: { type: "number" },
    y: { type: "number" },
    at: { type: "string" },
  },
  required: ["seq", "kind", "x", "y", "at"],
} as const;

export const chainSchema = {
  $id: "ChainNode",
  type: "object",
  properties: {
    id: { type: "integer", minimum: 0 },
    amount: { type: "number" },
    label: { type: "string" },
    next: { anyOf: [{ $ref: "ChainNode" }, { type: "null" }] },
  },
  required: ["id", "amount", "label", "next"],
} as const;

/** fast-json-stringify: no `discriminator` keyword; the owner as an object with every key either kind has. */
export const ledgerWriterSchema = {
  type: "object",
  properties: {
    accounts: {
      type: "array",
      items: {
        type: "object",
        properties: {
          ...ledgerSchema.properties.accounts.items.properties,
          owner: {
            anyOf: [
              ledgerSchema.properties.accounts.items.properties.owner.oneOf[0],
              ledgerSchema.properties.accounts.items.properties.owner.oneOf[1],
            ],
          },
        },
        required: ledgerSchema.properties.accounts.items.required,
      },
    },
  },
  required: ["accounts"],
} as const;

// ── TypeBox ──────────────────────────────────────────────────────────────────

const TTx = Type.Object({ id: Type.Integer({ minimum: 0 }), amount: Type.Number(), at: Type.String(), memo: Type.String() });
export const TLedger = Type.Object({
  accounts: Type.Array(
    Type.Object({
      id: Type.String(),
      owner: Type.Union([
        Type.Object({ kind: Type.Literal("person"), name: Type.String(), email: Type.String() }),
        Type.Object({ kind: Type.Literal("company"), name: Type.String(), vat: Type.String() }),
      ]),
      opened: Type.String(),
      balances: Type.Record(Type.String(), Type.Number()),
      flags: Type.Array(Type.String()),
      transactions: Type.Array(TTx),
    }),
  ),
});
export const TMessage = Type.Object({
  seq: Type.Integer({ minimum: 0 }),
  kind: Type.Union([Type.Literal("move"), Type.Literal("click"), Type.Literal("scroll")]),
  x: Type.Number(),
  y: Type.Number(),
  at: Type.String(),
});
export const TChain: TSchema = Type.Recursive((This) =>
  Type.Object({ id: Type.Integer({ minimum: 0 }), amount: Type.Number(), label: Type.String(), next: Type.Union([This, Type.Null()]) }),
);
