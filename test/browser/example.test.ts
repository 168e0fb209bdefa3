/**
 * The browser example (examples/browser/) really renders: its page is
 * type-checked with the DOM library, bundled and served by serve.mjs, opened
 * in the system Chromium; the decoded order and the tampered document's
 * issues are in the page, and a screenshot is kept in build/ for a human eye.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright";
import { describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../support/chromium.mjs";

const root = resolve(import.meta.dirname, "../..");

describe("examples/browser", () => {
  it("type-checks with the DOM library (tsc 7)", () => {
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    expect(() => execFileSync(process.execPath, [tsc, "-p", "examples/browser/tsconfig.json"], { cwd: root, stdio: "pipe" })).not.toThrow();
  });

  it("decodes the served order and shows the tampered copy's issues in the page", async () => {
    // @ts-expect-error: a plain script of the example, without types
    const { start } = (await import("../../examples/browser/serve.mjs")) as {
      start: () => Promise<{ url: string; stop: () => Promise<void> }>;
    };
    const server = await start();
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: chromiumArgs,
    });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
      expect(errors).toEqual([]);
      const order = await page.textContent("#order");
      expect(order).toContain("Order A-1, placed 2024-01-02 (a real Date), tags gift (a real Set), lines are LineItem instances: true.");
      expect(await page.$$eval("#order td", (cells) => cells.map((c) => c.textContent))).toEqual(["tea", "4.50", "cup", "12.00"]);
      const issues = await page.$$eval("#tampered li", (items) => items.map((i) => i.textContent));
      expect(issues.length).toBe(3);
      expect(issues.join("\n")).toMatch(/^id /m);
      expect(issues.join("\n")).toMatch(/^placed/m);
      expect(issues.join("\n")).toMatch(/^lines\.1\.\$type unknown type/m);
      mkdirSync(join(root, "build"), { recursive: true });
      await page.screenshot({ path: join(root, "build/browser-example.png"), fullPage: true });
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
