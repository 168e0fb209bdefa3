/**
 * Content-Security-Policy without 'unsafe-eval': pages served with
 * `script-src 'self'` load decorum bundled by esbuild. decorum must pick its
 * non-generating code by itself (validated setters, interpreted codecs) and
 * produce byte for byte what the generated code produces on a page without a
 * CSP; it probes for eval once per page (one violation), and with the
 * documented `configure({ codegen: false })` the page reports none. Drives the
 * system Chromium with Playwright; runs against dist/ (npm test builds first).
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Browser, chromium } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleEsbuild, scratchProject } from "../bundlers/bundle.mjs";
import { chromiumArgs, chromiumPath } from "../support/chromium.mjs";

const CSP = "script-src 'self'";
const PAGE_FILES = ["csp-page.ts", "csp-watch.ts", "csp-off.ts"];

type Done = { output: string[]; generated: number; violations: string[] };

let server: Server;
let base = "";
let browser: Browser;
const scripts: Record<string, string> = {};

/** Bundles the page modules (copied next to a `decorum` install, as an app would have them). */
async function bundle(name: string, imports: string[]): Promise<void> {
  const sources = Object.fromEntries(PAGE_FILES.map((f) => [f, readFileSync(join(import.meta.dirname, f), "utf8")]));
  const project = scratchProject({
    ...sources,
    [`${name}.ts`]: imports.map((f) => `import ${JSON.stringify(`./${f.replace(/\.ts$/, ".js")}`)};`).join("\n"),
  });
  try {
    const r = await bundleEsbuild(project.dir, `${name}.ts`);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    scripts[`/${name}.js`] = r.code;
  } finally {
    project.dispose();
  }
}

beforeAll(async () => {
  // Standard decorators, lowered by esbuild like an application build would.
  await bundle("auto", ["csp-page.ts"]);
  await bundle("off", ["csp-watch.ts", "csp-off.ts", "csp-page.ts"]);
  server = createServer((req, res) => {
    const [path, query] = (req.url ?? "/").split("?");
    const script = scripts[path ?? ""];
    if (script !== undefined) {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(script);
      return;
    }
    const csp = query === "csp";
    const src = path === "/off.html" ? "/off.js" : "/auto.js";
    res.writeHead(200, { "content-type": "text/html", ...(csp ? { "content-security-policy": CSP } : {}) });
    res.end(`<!doctype html><meta charset="utf-8"><title>csp</title><script type="module" src="${src}"></script>`);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

async function visit(path: string): Promise<Done> {
  const page = await browser.newPage();
  try {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().includes("Content-Security-Policy")) errors.push(m.text());
    });
    await page.goto(`${base}${path}`);
    await page
      .waitForFunction(() => (globalThis as { __done?: unknown }).__done !== undefined, undefined, { timeout: 15_000 })
      .catch((e: Error) => {
        throw new Error(`${path}: the page did not finish (${errors.join("; ") || e.message})`);
      });
    expect(errors).toEqual([]);
    return (await page.evaluate(() => (globalThis as { __done?: unknown }).__done)) as Done;
  } finally {
    await page.close();
  }
}

describe("Content-Security-Policy: script-src 'self' (no 'unsafe-eval')", () => {
  let open: Done;
  beforeAll(async () => {
    open = await visit("/auto.html");
  });

  it("without a CSP, decorum generates its code (the reference output)", () => {
    expect(open.generated).toBeGreaterThan(0);
    expect(open.violations).toEqual([]);
    expect(open.output[0]).toContain('"$type":"csp.Order"');
    expect(open.output[1]).toBe(open.output[0]);
    expect(open.output[2]).toContain('"code":"positive"');
    expect(open.output[3]).toMatch(/quantity.*positive/);
  });

  it("under the CSP, picks the non-generating code by itself: same bytes, one probe, one violation", async () => {
    const csp = await visit("/auto.html?csp");
    expect(csp.generated).toBe(0);
    expect(csp.output).toEqual(open.output);
    expect(csp.violations).toEqual(["script-src eval"]);
  });

  it("with configure({ codegen: false }) imported first, the page reports no violation and the same bytes", async () => {
    const off = await visit("/off.html?csp");
    expect(off.generated).toBe(0);
    expect(off.violations).toEqual([]);
    expect(off.output).toEqual(open.output);
  });
});
