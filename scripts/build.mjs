// Builds dist/esm (ES modules) and dist/cjs (CommonJS), each with .d.ts, using tsc (TypeScript 7).

import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
rmSync("dist", { recursive: true, force: true });
for (const project of ["tsconfig.build.json", "tsconfig.cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", project], { stdio: "inherit" });
}
// The package is "type": "module"; mark the CommonJS tree as such. Bundlers
// read `sideEffects` from the package.json nearest to a file, which is these
// two, so each repeats the root's list relative to its own folder (without it
// every module of dist/ would count as side-effectful and nothing would tree-shake).
const { sideEffects } = JSON.parse(readFileSync("package.json", "utf8"));
for (const [dir, type] of [
  ["esm", "module"],
  ["cjs", "commonjs"],
]) {
  const prefix = `./dist/${dir}/`;
  const own = sideEffects.filter((f) => f.startsWith(prefix)).map((f) => `./${f.slice(prefix.length)}`);
  writeFileSync(`dist/${dir}/package.json`, `${JSON.stringify({ type, sideEffects: own }, null, 2)}\n`);
}
