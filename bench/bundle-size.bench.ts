/**
 * Bundle size: what decorum adds to a browser application, next to the
 * libraries a user would compare it with. Each row is one application entry
 * bundled by esbuild for the browser (ES modules, minified, es2022) and
 * gzipped (level 9): decorum's core (`model`, `field`, `serialize`,
 * `deserialize`, `positive`), one collection, one validator, the collections, everything
 * isomorphic; class-transformer + reflect-metadata, class-transformer +
 * class-validator, superjson, zod (classic and mini). Runs against dist/ (`npm run bench`
 * builds first); saves bench/results/bundle-size.json.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Application entries: what gets imported, and used so nothing is dropped. */
const ENTRIES: Array<{ name: string; code: string }> = [
  {
    name: "decorum core (model, field, serialize, deserialize, positive)",
    code: `import { model, field, serialize, deserialize, positive } from "decorum"; globalThis.x = [model, field, serialize, deserialize, positive];`,
  },
  { name: "decorum: one collection (Deque)", code: `import { Deque } from "decorum"; globalThis.x = Deque;` },
  { name: "decorum: one validator (positive)", code: `import { positive } from "decorum"; globalThis.x = positive;` },
  { name: "decorum/collections (all)", code: `import * as c from "decorum/collections"; globalThis.x = c;` },
  { name: "decorum, everything isomorphic", code: `import * as d from "decorum"; globalThis.x = d;` },
  {
    name: "class-transformer + reflect-metadata",
    code: `import "reflect-metadata"; import { plainToInstance, instanceToPlain, Type, Expose } from "class-transformer"; globalThis.x = [plainToInstance, instanceToPlain, Type, Expose];`,
  },
  {
    name: "class-transformer + class-validator",
    code: `import "reflect-metadata"; import { plainToInstance, instanceToPlain, Type } from "class-transformer"; import { validateSync, IsPositive, IsString } from "class-validator"; globalThis.x = [plainToInstance, instanceToPlain, Type, validateSync, IsPositive, IsString];`,
  },
  { name: "superjson", code: `import SuperJSON from "superjson"; globalThis.x = SuperJSON;` },
  {
    name: "zod (object, string, number, parse)",
    code: `import { z } from "zod"; globalThis.x = z.object({ sku: z.string(), quantity: z.number().positive() }).parse;`,
  },
  {
    name: "zod/mini (object, string, number, parse)",
    code: `import * as z from "zod/mini"; globalThis.x = z.object({ sku: z.string(), quantity: z.number().check(z.positive()) }).parse;`,
  },
];

export interface SizeRow {
  name: string;
  minifiedBytes: number;
  gzipBytes: number;
}

/** Bundles `code` for the browser with esbuild, minified; returns the output text. */
export async function bundleMinified(code: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "decorum-size-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    // decorum resolves like an install (its package.json "exports"); peers from the repository's node_modules.
    symlinkSync(root, join(dir, "node_modules/decorum"), "dir");
    writeFileSync(join(dir, "entry.mjs"), code);
    const r = await build({
      absWorkingDir: dir,
      entryPoints: ["entry.mjs"],
      nodePaths: [join(root, "node_modules")],
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      minify: true,
      write: false,
      logLevel: "silent",
      define: { "process.env.NODE_ENV": '"production"' },
    });
    return r.outputFiles[0]?.text ?? "";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const rows: SizeRow[] = [];
  for (const e of ENTRIES) {
    const text = await bundleMinified(e.code);
    rows.push({ name: e.name, minifiedBytes: Buffer.byteLength(text), gzipBytes: gzipSync(text, { level: 9 }).length });
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${"bundle (esbuild, browser, minified)".padEnd(width)}  ${"minified".padStart(9)}  ${"gzip".padStart(8)}`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${kb(r.minifiedBytes).padStart(9)}  ${kb(r.gzipBytes).padStart(8)}`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/bundle-size.json", `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
}

await main();
