import { createDecorator, type Decoration } from "../../src/decorators/index.js";

/** A decorator that accepts every kind and records what the adapter told it. */
export function recorder(log: Decoration[]) {
  const push = (d: Decoration) => {
    log.push(d);
  };
  return createDecorator({
    name: "@rec",
    class: (_c, d) => push(d),
    method: (_f, d) => push(d),
    getter: (_f, d) => push(d),
    setter: (_f, d) => push(d),
    accessor: (_t, d) => push(d),
    field: (d) => push(d),
  });
}
