/**
 * class-transformer (0.5), decorators applied as functions after writing the
 * `design:type` metadata `emitDecoratorMetadata` would emit (see
 * docs/performance.md). No validation.
 */
import "reflect-metadata";
import { instanceToPlain, plainToInstance, Type } from "class-transformer";
import { makeClasses } from "./classes.js";
import type { Contestant } from "./contestant.js";

const m = makeClasses();
function prop(target: Function, key: string, designType: Function, type?: () => Function, options?: object): void {
  Reflect.defineMetadata("design:type", designType, target.prototype, key);
  if (type) Type(type, options)(target.prototype, key);
}
prop(m.Transaction, "at", Date, () => Date);
prop(m.Account, "owner", Object, () => Object, {
  discriminator: {
    property: "kind",
    subTypes: [
      { name: "person", value: m.Person },
      { name: "company", value: m.Company },
    ],
  },
  keepDiscriminatorProperty: false,
});
prop(m.Account, "opened", Date, () => Date);
prop(m.Account, "balances", Map, () => Number);
prop(m.Account, "flags", Set, () => String);
prop(m.Account, "transactions", Array, () => m.Transaction);
prop(m.Ledger, "accounts", Array, () => m.Account);
prop(m.Message, "at", Date, () => Date);
prop(m.ChainNode, "next", m.ChainNode, () => m.ChainNode);

export const classTransformerPeer: Contestant = {
  name: "class-transformer",
  role: "peer",
  ledger: {
    build: m.buildLedger,
    encode: (x) => JSON.stringify(instanceToPlain(x)),
    decode: (t) => plainToInstance(m.Ledger, JSON.parse(t) as object),
    validates: false,
  },
  message: {
    build: m.buildMessage,
    encode: (x) => JSON.stringify(instanceToPlain(x)),
    decode: (t) => plainToInstance(m.Message, JSON.parse(t) as object),
    validates: false,
  },
  chain: {
    build: m.buildChain,
    encode: (x) => JSON.stringify(instanceToPlain(x)),
    decode: (t) => plainToInstance(m.ChainNode, JSON.parse(t) as object),
    validates: false,
  },
  notes: ["no validation (class-validator is a second pass)", "the owner's discriminator is written onto the source instance"],
};
