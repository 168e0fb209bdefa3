// `npm run bench`: compiles bench/ with tsc (standard decorators) and runs
// each bench/*.bench.ts in its own process, one after another, then merges
// bench/results/<name>.json into bench/results/latest.json.
//   node scripts/bench.mjs [filter]   run only bench files whose name contains filter
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
// Each run compiles into its own directory (same depth as build/bench, so
// the bench files' relative URLs hold), so two runs never delete each
// other's files; it is removed when the run ends.
const outDir = `build/bench-run-${process.pid}`;
rmSync(outDir, { recursive: true, force: true });
process.on("exit", () => rmSync(outDir, { recursive: true, force: true }));
if (spawnSync(process.execPath, [tsc, "-p", "bench/tsconfig.json", "--outDir", outDir], { stdio: "inherit" }).status !== 0) process.exit(1);
const filter = process.argv[2] ?? "";
const files = readdirSync(outDir)
  .filter((f) => f.endsWith(".bench.js") && f.includes(filter))
  .sort();
const merged = { date: new Date().toISOString(), node: process.version, files: {} };
let failed = 0;
for (const file of files) {
  console.log(`\n════ ${file} ════`);
  const r = spawnSync(process.execPath, ["--expose-gc", `${outDir}/${file}`], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.log(`bench ${file} failed (exit ${r.status ?? r.signal})`);
    continue;
  }
  const name = file.replace(/\.bench\.js$/, "");
  const out = `bench/results/${name}.json`;
  if (existsSync(out)) merged.files[name] = JSON.parse(readFileSync(out, "utf8"));
}
if (!filter) writeFileSync("bench/results/latest.json", `${JSON.stringify(merged, null, 2)}\n`);
process.exit(failed ? 1 : 0);
