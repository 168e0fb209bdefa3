// Compiles examples/ with tsc (TypeScript 7) under both decorator dialects and
// runs every top-level example, as a user's build would. Examples import
// "decorum", which resolves (package self-reference) to the built dist/.
//
//   node scripts/examples.mjs          compile both dialects, run every example
//   node scripts/examples.mjs tour     compile the standard dialect, run the tour
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
const dialects = { standard: "examples/tsconfig.json", legacy: "examples/tsconfig.legacy.json" };

function compile(dialect) {
  rmSync(`build/examples/${dialect}`, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, "-p", dialects[dialect]], { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`examples: tsc failed for the ${dialect} dialect`);
    process.exit(1);
  }
}

if (process.argv[2] === "tour") {
  compile("standard");
  const r = spawnSync(process.execPath, ["build/examples/standard/tour.js"], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

let passed = 0;
let failed = 0;
for (const dialect of Object.keys(dialects)) {
  compile(dialect);
  const dir = `build/examples/${dialect}`;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .sort()) {
    const started = Date.now();
    const r = spawnSync(process.execPath, [`${dir}/${file}`], {
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, DECORUM_EXAMPLE_CHECK: "1" },
    });
    const ms = Date.now() - started;
    if (r.status === 0) {
      passed++;
      console.log(`  ✓ example ${dialect}/${file} (${ms} ms)`);
    } else {
      failed++;
      console.log(`  ✗ example ${dialect}/${file} exited ${r.status ?? r.signal} after ${ms} ms`);
      console.log(r.stdout);
      console.log(r.stderr);
    }
  }
}
console.log(`examples: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
