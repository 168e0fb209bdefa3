/**
 * fast-json-stringify: a JSON writer compiled from the JSON Schema of the
 * plain tree (encode side only). As a peer it starts from class instances:
 * a hand-written pass turns them into the plain tree (Map → object, Set →
 * array, Date → ISO text), which the compiled writer writes.
 */
import fastJson from "fast-json-stringify";
import { makeClasses } from "./classes.js";
import type { Contestant } from "./contestant.js";
import { chainSchema, ledgerWriterSchema, messageSchema } from "./schemas.js";

const M = makeClasses();
export const writeLedger = fastJson(ledgerWriterSchema as never) as (x: unknown) => string;
export const writeMessage = fastJson(messageSchema as never) as (x: unknown) => string;
export const writeChain = fastJson(chainSchema as never) as (x: unknown) => string;

export const fastJsonStringify: Contestant = {
  name: "fast-json-stringify (instances → plain → writer)",
  role: "peer",
  ledger: { build: M.buildLedger, encode: (x) => writeLedger(M.ledgerToPlain(x as InstanceType<typeof M.Ledger>)), validates: false },
  message: {
    build: M.buildMessage,
    encode: (x) => writeMessage(M.messageToPlain(x as InstanceType<typeof M.Message>)),
    validates: false,
  },
  chain: { build: M.buildChain, encode: (x) => writeChain(M.chainToPlain(x as InstanceType<typeof M.ChainNode>)), validates: false },
  notes: ["encode only; no Map / Set / class instances: a hand-written pass builds the plain tree it writes"],
};
