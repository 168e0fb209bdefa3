/**
 * The script of the CSP test pages (bundled by test/browser/csp.test.ts with
 * esbuild): models with validated members and compiled codecs, serialized and
 * deserialized, a validation error caught; the results, the number of
 * successful `new Function` calls and the CSP violations go to `window.__done`.
 * `./csp-watch.js` is imported first so it sees the probe.
 */

import { DeserializeError, deserialize, field, model, positive, serialize } from "decorum";
import { watch } from "./csp-watch.js";

@model({ name: "csp.Line" })
class Line {
  @field() sku = "";
  @field() @positive accessor quantity = 1;
  @field() price = 0;
}

@model({ name: "csp.Order" })
class Order {
  @field() id = "";
  @field({ type: [Line] }) lines: Line[] = [];
  @field() placed = new Date(0);
  @field() tags = new Set<string>();
}

const order = Object.assign(new Order(), {
  id: "A-1",
  lines: [Object.assign(new Line(), { sku: 'x\u2028"y', quantity: 2, price: 9.5 }), Object.assign(new Line(), { sku: "z", price: -0 })],
  placed: new Date(Date.UTC(2026, 11, 1)),
  tags: new Set(["b", "a"]),
});
const text = serialize(order);
const back = deserialize(text, Order);
let error = "";
try {
  const bad = JSON.parse(text);
  bad.lines[0].quantity = -3;
  bad.placed = "not a date";
  deserialize(JSON.stringify(bad), Order);
} catch (e) {
  error = e instanceof DeserializeError ? JSON.stringify(e.issues) : String(e);
}
const line = new Line();
let setterError = "";
try {
  line.quantity = 0;
} catch (e) {
  setterError = (e as Error).message;
}
watch({ output: [text, serialize(back), error, setterError] });
