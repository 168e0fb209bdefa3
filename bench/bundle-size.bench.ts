/**
 * Bundle size: what decorum adds to a browser application, next to the
 * libraries a user would compare it with. Each row is one application entry
 * bundled by esbuild for the browser (ES modules, minified, es2022) and
 * gzipped (level 9): decorum's core (`model`, `field`, `serialize`,
 * `deserialize`, `positive`), one collection, one validator, the collections, everything
 * isomorphic; class-transformer + reflect-metadata, class-transformer +
 * class-validator, superjson, zod (classic and mini). Runs against dist/ (`npm run bench`
 * builds first); saves bench/results/bundle-size.json.
 *
 * For decorum's core it also prints what each module of dist/esm adds to the
 * minified bundle (esbuild's metafile, `bytesInOutput`), largest first, and
 * saves it as `coreModules`: the place to look when the core grows.
 * `node scripts/bundle-parts.mjs` measures what each feature of the core costs.
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

/** A module of dist/esm and the bytes it adds to a minified bundle. */
export interface ModuleBytes {
  module: string;
  minifiedBytes: number;
}

/** Bundles `code` for the browser with esbuild, minified; returns the output text. */
export async function bundleMinified(code: string): Promise<string> {
  return (await bundleWithModules(code)).text;
}

/** {@link bundleMinified}, with the bytes each decorum module adds to the output (largest first). */
export async function bundleWithModules(code: string): Promise<{ text: string; modules: ModuleBytes[] }> {
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
      metafile: true,
      define: { "process.env.NODE_ENV": '"production"' },
    });
    const modules: ModuleBytes[] = [];
    for (const out of Object.values(r.metafile.outputs))
      for (const [path, input] of Object.entries(out.inputs)) {
        const m = /dist\/esm\/(.+)$/.exec(path.replaceAll("\\", "/"));
        if (m && input.bytesInOutput > 0) modules.push({ module: m[1] as string, minifiedBytes: input.bytesInOutput });
      }
    modules.sort((a, b) => b.minifiedBytes - a.minifiedBytes);
    return { text: r.outputFiles[0]?.text ?? "", modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const rows: SizeRow[] = [];
  let coreModules: ModuleBytes[] = [];
  for (const [i, e] of ENTRIES.entries()) {
    const { text, modules } = await bundleWithModules(e.code);
    if (i === 0) coreModules = modules;
    rows.push({ name: e.name, minifiedBytes: Buffer.byteLength(text), gzipBytes: gzipSync(text, { level: 9 }).length });
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${"bundle (esbuild, browser, minified)".padEnd(width)}  ${"minified".padStart(9)}  ${"gzip".padStart(8)}`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${kb(r.minifiedBytes).padStart(9)}  ${kb(r.gzipBytes).padStart(8)}`);
  console.log(`\n${(ENTRIES[0] as { name: string }).name}, by module (minified bytes each adds):`);
  for (const m of coreModules) console.log(`${kb(m.minifiedBytes).padStart(9)}  ${m.module}`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/bundle-size.json", `${JSON.stringify({ date: new Date().toISOString(), rows, coreModules }, null, 2)}\n`);
}

await main();
