/**
 * The page's script: fetches documents written by the server with the tour's
 * models, decodes them with the same models, and shows the result or every
 * issue of a bad document. Bundled for the browser by serve.mjs (esbuild).
 */
import { DeserializeError, deserialize } from "decorum";
import { Order } from "../tour/registry.js";

function element(tag: string, text?: string, className?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className !== undefined) e.className = className;
  return e;
}

function showOrder(target: HTMLElement, order: Order): void {
  const table = element("table");
  const head = table.appendChild(element("tr"));
  for (const h of ["sku", "price"]) head.appendChild(element("th", h));
  for (const line of order.lines) {
    const row = table.appendChild(element("tr"));
    row.appendChild(element("td", line.sku));
    row.appendChild(element("td", line.price.toFixed(2)));
  }
  const summary = element(
    "p",
    `Order ${order.id}, placed ${order.placed.toISOString().slice(0, 10)} (a real Date), tags ${[...order.tags].join(", ")} (a real Set), ` +
      `lines are LineItem instances: ${order.lines.every((l) => l.constructor.name === "LineItem")}.`,
    "ok",
  );
  target.replaceChildren(summary, table);
}

function showError(target: HTMLElement, error: DeserializeError): void {
  const box = element("div", undefined, "error");
  box.appendChild(element("strong", `DeserializeError: ${error.issues.length} issues, all reported at once`));
  const list = box.appendChild(element("ul"));
  for (const issue of error.issues) {
    const item = list.appendChild(element("li"));
    item.appendChild(element("code", issue.path.join(".") || "(root)"));
    item.append(` ${issue.message}`);
  }
  target.replaceChildren(box);
}

async function decodeInto(url: string, target: HTMLElement): Promise<void> {
  const text = await (await fetch(url)).text();
  try {
    showOrder(target, deserialize(text, Order));
  } catch (error) {
    if (!(error instanceof DeserializeError)) throw error;
    showError(target, error);
  }
}

await decodeInto("./order.json", document.getElementById("order") as HTMLElement);
await decodeInto("./tampered.json", document.getElementById("tampered") as HTMLElement);
document.body.dataset.ready = "true";
