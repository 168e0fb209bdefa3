// `npm test`: build, lint, type-check both dialects, build the API reference
// (TypeDoc, warnings are errors), run the vitest projects (standard, legacy,
// legacy-define, package, bullmq when a redis-server exists, and the browser
// projects in the system Chromium), then compile and run the examples and the
// code blocks of README.md and docs/*.md under both dialects with tsc (the doc
// test, which also checks relative links and that every export is
// documented). Ends with one summary line.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { MISSING_REDIS, redisServerBinary } from "../test/support/redis-server.mjs";

// The browser projects need a Chromium binary (never downloaded by npm).
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(chromium);
const ci = process.env.CI === "true" || process.env.CI === "1";
const BROWSER_PROJECTS = ["browser-standard", "browser-legacy", "browser-pages"];
function browserMissing() {
  const bar = "!".repeat(78);
  console.log(`\n${bar}\n!! The browser projects (${BROWSER_PROJECTS.join(", ")}) DID NOT RUN:`);
  console.log(`!! no Chromium at ${chromium}.`);
  console.log("!! Enable them with `apt-get install chromium` (Debian/Ubuntu), or point");
  console.log("!! CHROMIUM_PATH at a Chromium or Chrome binary: CHROMIUM_PATH=/path/to/chrome npm test");
  console.log(`!! ${ci ? "CI=true: a missing browser is a failure." : "Outside CI this is a warning only."}\n${bar}`);
}

const bin = (name) => `node_modules/.bin/${name}`;
function step(title, cmd, args) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  return r.status === 0;
}

const results = [];
results.push(["build", step("build (tsc → dist/esm, dist/cjs)", process.execPath, ["scripts/build.mjs"])]);
results.push(["lint", step("lint + format check (biome)", bin("biome"), ["check", "."])]);
results.push(["typecheck standard", step("type-check, standard decorators (tsc 7)", bin("tsc"), ["-p", "tsconfig.json"])]);
results.push(["typecheck legacy", step("type-check, legacy decorators (tsc 7)", bin("tsc"), ["-p", "tsconfig.legacy.json"])]);

results.push(["docs", step("API reference (TypeDoc → build/docs, warnings are errors)", process.execPath, ["scripts/docs.mjs"])]);

rmSync("build/vitest.json", { force: true });
const extra = process.argv.slice(2);
if (!hasChromium) browserMissing();
const projects = hasChromium ? [] : ["--project", "!browser-*"];
const vitestOk = step(
  `tests: standard, legacy, legacy-define, package, bullmq${hasChromium ? `, ${BROWSER_PROJECTS.join(", ")}` : ""} projects (vitest)`,
  bin("vitest"),
  ["run", "--reporter=default", "--reporter=json", "--outputFile.json=build/vitest.json", ...projects, ...extra],
);
results.push(["vitest", vitestOk]);
if (!hasChromium) results.push(["browser", !ci]);
let testsPassed = 0;
let testsFailed = 0;
if (existsSync("build/vitest.json")) {
  const report = JSON.parse(readFileSync("build/vitest.json", "utf8"));
  testsPassed = report.numPassedTests;
  testsFailed = report.numFailedTests + (report.numFailedTestSuites ?? 0);
}

const examples = spawnSync(process.execPath, ["scripts/examples.mjs"], { encoding: "utf8" });
process.stdout.write(`\n▶ examples, compiled with tsc under both dialects\n${examples.stdout}${examples.stderr}`);
const m = /examples: (\d+) passed, (\d+) failed/.exec(examples.stdout);
results.push(["examples", examples.status === 0]);

const doctest = spawnSync(process.execPath, ["scripts/doctest.mjs"], { encoding: "utf8" });
process.stdout.write(
  `\n▶ doc test: README.md and docs/*.md code blocks under both dialects, links, exports\n${doctest.stdout}${doctest.stderr}`,
);
const d = /doctest: (\d+) passed, (\d+) failed/.exec(doctest.stdout);
results.push(["doctest", doctest.status === 0]);

// Without redis-server the queue tests were left out (vitest.config.ts): say so last, where it is seen.
if (redisServerBinary() === undefined) console.warn(MISSING_REDIS);

if (!hasChromium) browserMissing();
const failedSteps = results.filter(([, ok]) => !ok).map(([name]) => name);
console.log(
  `\nsteps: ${results.length - failedSteps.length} of ${results.length} ok${failedSteps.length ? ` (failed: ${failedSteps.join(", ")})` : ""}`,
);
const passed = testsPassed + Number(m?.[1] ?? 0) + Number(d?.[1] ?? 0);
const failed =
  testsFailed +
  Number(m?.[2] ?? 0) +
  Number(d?.[2] ?? 0) +
  failedSteps.filter((s) => s !== "vitest" && s !== "examples" && s !== "doctest").length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length === 0 ? 0 : 1);
