// The doc test: every ```ts / ```js block of README.md and docs/*.md is
// compiled with tsc (TypeScript 7) under the standard and the legacy decorator
// dialect and run with Node; stated outputs are checked; every relative link
// must resolve. Conventions: CONTRIBUTING.md, "Code blocks in the docs".
//
//   node scripts/doctest.mjs            both dialects, all blocks, links
//   node scripts/doctest.mjs registry   only blocks of files whose name contains "registry"
//
// Ends with "doctest: N passed, N failed" (one unit per block and dialect, plus
// one per link).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(root, "node_modules/typescript/bin/tsc");
const out = join(root, "build/doctest");
const filter = process.argv[2];
const docs = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];

// ---------------------------------------------------------------- extraction

/** @typedef {{ doc: string, line: number, lang: string, code: string, file?: string, skip?: string, noRun?: string, group: string, entry: boolean, checks: Check[] }} Block */
/** @typedef {{ id: number, kind: "print" | "value" | "throws", expected: string, line: number }} Check */

function extract(doc) {
  const text = readFileSync(join(root, doc), "utf8");
  const lines = text.split("\n");
  /** @type {Block[]} */
  const blocks = [];
  let directive;
  let section = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^#{1,6}\s/.test(line)) section++;
    const d = /^<!--\s*doctest:\s*(skip|no-run)\b\s*(.*?)\s*-->\s*$/.exec(line);
    if (d) {
      directive = { kind: d[1], reason: d[2].replace(/^\((.*)\)$/, "$1") || "no reason given" };
      continue;
    }
    const fence = /^(`{3,})\s*(\S*)\s*(.*)$/.exec(line);
    if (!fence) {
      if (line.trim() !== "") directive = undefined;
      continue;
    }
    const [, ticks, lang, info] = fence;
    const body = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith(ticks)) body.push(lines[j++]);
    const start = i + 1; // 1-based line of the fence
    i = j;
    if (lang !== "ts" && lang !== "js") {
      directive = undefined;
      continue;
    }
    const words = info.split(/\s+/).filter(Boolean);
    const block = { doc, line: start, lang, code: body.join("\n"), checks: [], section };
    const fileWord = words.find((w) => w.startsWith("file="));
    const fileComment = /^\/\/ file: (\S+)\s*$/.exec(body[0] ?? "");
    block.file = fileWord?.slice(5) ?? fileComment?.[1];
    if (words.includes("skip") || directive?.kind === "skip") block.skip = directive?.kind === "skip" ? directive.reason : "marked skip";
    if (words.includes("no-run") || directive?.kind === "no-run")
      block.noRun = directive?.kind === "no-run" ? directive.reason : "marked no-run";
    directive = undefined;
    blocks.push(block);
  }
  // Group: consecutive named blocks of one section (no unnamed block or
  // heading between them, no file name twice) form one example, compiled
  // together in one folder; the last one is the entry point.
  let group = 0;
  let previous;
  let names = new Set();
  for (const b of blocks) {
    if (!b.file || !previous?.file || previous.skip || previous.section !== b.section || names.has(b.file)) {
      group++;
      names = new Set();
    }
    if (b.file) names.add(b.file);
    b.group = `${slug(doc)}-${String(group).padStart(2, "0")}`;
    previous = b;
  }
  for (let k = 0; k < blocks.length; k++) {
    const next = blocks[k + 1];
    blocks[k].entry = !(next && next.group === blocks[k].group);
  }
  return blocks;
}

const slug = (doc) => doc.replace(/\.md$/, "").replace(/[^A-Za-z0-9]+/g, "_");

// ------------------------------------------------------------ instrumentation
// Checked lines (a comment at the end of a statement that fills one line):
//   console.log(a, b); // → text     what this console.log prints
//   expr; // → text                  what console.log(expr) would print
//   const x = expr; // → text        the same, for x
//   expr; // 'text'                  the string the expression returns
//   const x = expr; // 'text'        the same, for x
//   statement; // throws Name: text  the error the statement throws
// and, for the whole block, a comment that starts with a line "// prints:"
// and goes on with "// text" lines: everything the program prints to
// stdout (the entry file of a multi-file example), line by line.
// In every expected text, "…" matches any run of characters.

let nextCheck = 0;
function instrument(block) {
  const lines = block.code.split("\n");
  const printsAt = lines.findIndex((l) => /^\s*\/\/ prints:\s*$/.test(l));
  if (printsAt >= 0) {
    const expected = [];
    for (let k = printsAt + 1; k < lines.length && /^\s*\/\/( |$)/.test(lines[k]); k++) expected.push(lines[k].replace(/^\s*\/\/ ?/, ""));
    block.prints = { expected: expected.join("\n"), line: block.line + 1 + printsAt };
  }
  const outLines = lines.map((line, k) => {
    const m = /^(\s*)(.*?;)\s*\/\/\s*(→|throws\b|')(.*)$/.exec(line);
    if (!m) return line;
    const [, indent, stmt, marker, rest] = m;
    let kind;
    let expected;
    if (marker === "→") {
      kind = "print";
      expected = rest.trim();
    } else if (marker.startsWith("throws")) {
      kind = "throws";
      expected = rest.trim();
    } else {
      const lit = /^(.*)'\s*$/.exec(rest);
      if (!lit) return line;
      kind = "value";
      expected = lit[1].replace(/\\'/g, "'");
    }
    const id = nextCheck++;
    block.checks.push({ id, kind: kind === "print" && /^console\.log\(/.test(stmt) ? "log" : kind, expected, line: block.line + 1 + k });
    const decl = /^(const|let|var)\s+([A-Za-z_$][\w$]*)\b.*$/.exec(stmt);
    const bare = stmt.replace(/;$/, "");
    if (kind === "throws") {
      return `${indent}__doctest.throws(${id}, () => { ${bare}; }); // ${marker}${rest}`;
    }
    if (/^console\.log\(/.test(stmt) && kind === "print") return `${indent}__doctest.begin(); ${stmt} __doctest.printed(${id});`;
    if (decl) return `${indent}${stmt} __doctest.value(${id}, ${decl[2]});`;
    return `${indent}__doctest.value(${id}, (${bare}));`;
  });
  return outLines.join("\n");
}

// ---------------------------------------------------------------------- links

function slugger() {
  const seen = new Map();
  return (heading) => {
    const base = heading
      .trim()
      .toLowerCase()
      .replace(/<[^>]+>/g, "")
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
}
const anchorCache = new Map();
function anchorsOf(file) {
  if (!anchorCache.has(file)) {
    const s = slugger();
    const anchors = new Set();
    let inFence = false;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (/^```/.test(line)) inFence = !inFence;
      const h = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (h) anchors.add(s(h[1].replace(/`/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")));
    }
    anchorCache.set(file, anchors);
  }
  return anchorCache.get(file);
}
function checkLinks(doc) {
  const problems = [];
  let count = 0;
  let inFence = false;
  readFileSync(join(root, doc), "utf8")
    .split("\n")
    .forEach((line, k) => {
      if (/^```/.test(line)) inFence = !inFence;
      if (inFence) return;
      const prose = line.replace(/`[^`]*`/g, "");
      for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
        count++;
        const [path, anchor] = target.split("#");
        const file = path ? resolve(dirname(join(root, doc)), decodeURIComponent(path)) : join(root, doc);
        const where = `${doc}:${k + 1}`;
        if (relative(root, file).startsWith("..")) problems.push(`${where}: ${target} points outside the repository`);
        else if (!existsSync(file)) problems.push(`${where}: ${target} does not exist`);
        else if (anchor && file.endsWith(".md") && !anchorsOf(file).has(anchor))
          problems.push(`${where}: ${target}: no heading with anchor #${anchor}`);
      }
    });
  return { count, problems };
}

// ----------------------------------------------------------------------- main

const started = Date.now();
let passed = 0;
let failed = 0;

let linkCount = 0;
const linkProblems = [];
for (const doc of docs) {
  const r = checkLinks(doc);
  linkCount += r.count;
  linkProblems.push(...r.problems);
}
console.log(`  links: ${linkCount} relative links checked, ${linkProblems.length} broken`);
for (const p of linkProblems) console.log(`  ✗ link ${p}`);
passed += linkCount - linkProblems.length;
failed += linkProblems.length;

// Every public export (values of the built entry points, types of their
// .d.ts export lists) must be named somewhere in README.md or docs/*.md.
{
  const entries = ["index", "registry/class-transformer", "nest/index"];
  const names = new Set();
  for (const e of entries) {
    const m = await import(pathToFileURL(join(root, `dist/esm/${e}.js`)).href);
    for (const k of Object.keys(m)) names.add(k);
  }
  for (const dts of ["decorators", "descriptors", "registry", "collections", "runtime"].map((a) => `dist/esm/${a}/index.d.ts`)) {
    const text = readFileSync(join(root, dts), "utf8");
    for (const list of text.matchAll(/export (?:type )?\{([^}]*)\}/g))
      for (const item of list[1].split(",")) {
        const name = item
          .trim()
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)
          .pop();
        if (name) names.add(name);
      }
  }
  for (const sub of ["node/index", "schedulers/index"]) {
    const text = readFileSync(join(root, `dist/esm/runtime/${sub}.d.ts`), "utf8");
    for (const list of text.matchAll(/export (?:type )?\{([^}]*)\}/g))
      for (const item of list[1].split(",")) {
        const name = item
          .trim()
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)
          .pop();
        if (name) names.add(name);
      }
  }
  const prose = docs.map((d) => readFileSync(join(root, d), "utf8")).join("\n");
  const missing = [...names].filter((n) => !new RegExp(`\\b${n.replace(/\$/g, "\\$")}\\b`).test(prose)).sort();
  console.log(`  exports: ${names.size} public exports, ${missing.length} not named in README.md or docs/*.md`);
  if (missing.length) console.log(`  ✗ undocumented exports: ${missing.join(", ")}`);
  if (missing.length) failed++;
  else passed++;
}

const blocks = docs.filter((d) => !filter || d.includes(filter)).flatMap(extract);
rmSync(out, { recursive: true, force: true });
const src = join(out, "src");
mkdirSync(src, { recursive: true });
const byPath = new Map();
for (const b of blocks) {
  if (b.skip) continue;
  const dir = join(src, b.group);
  mkdirSync(dir, { recursive: true });
  const name = b.file ?? `block.${b.lang}`;
  if (!/\.(ts|js)$/.test(name)) throw new Error(`${b.doc}:${b.line}: file name ${name} must end in .ts or .js`);
  b.path = join(dir, name);
  b.rel = relative(src, b.path);
  writeFileSync(b.path, instrument(b));
  byPath.set(b.rel, b);
}
writeFileSync(
  join(src, "doctest-globals.d.ts"),
  "declare var __doctest: { begin(): void; printed(id: number): void; value<T>(id: number, v: T): T; throws(id: number, fn: () => unknown): void };\n",
);

const base = {
  target: "es2022",
  module: "nodenext",
  moduleDetection: "force",
  strict: true,
  skipLibCheck: true,
  allowJs: true,
  types: ["node"],
  rootDir: "src",
};
const dialects = {
  standard: {},
  legacy: { experimentalDecorators: true, emitDecoratorMetadata: true },
};
const runnable = blocks.filter((b) => !b.skip);
const skipped = blocks.filter((b) => b.skip);
const allChecks = Object.fromEntries(runnable.flatMap((b) => b.checks.map((c) => [c.id, c.expected])));

async function runBlock(b, dir) {
  const file = join(dir, b.rel.replace(/\.ts$/, ".js"));
  return new Promise((resolveRun) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ["--import", join(root, "scripts/doctest-harness.mjs"), file], {
      cwd: root,
      env: { ...process.env, DOCTEST_CHECKS: JSON.stringify(allChecks), DECORUM_EXAMPLE_CHECK: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const results = new Map();
      const rest = [];
      for (const line of stderr.split("\n")) {
        if (line.startsWith("\u0000doctest ")) {
          const r = JSON.parse(line.slice(9));
          results.set(r.id, r);
        } else rest.push(line);
      }
      resolveRun({ code, signal, stdout, stderr: rest.join("\n").trim(), results, ms: Date.now() - t0 });
    });
  });
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const pattern = (want) => new RegExp(`^${want.split("…").map(escapeRegExp).join("[\\s\\S]*")}$`);

async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

const counts = {};
const toRun = [];
for (const [dialect, options] of Object.entries(dialects)) {
  const dir = join(out, dialect);
  const tsconfig = join(out, `tsconfig.${dialect}.json`);
  // tsc reports no type errors at all while any file has a syntax error, so
  // files with syntax errors are reported and left out of a second pass.
  const errors = new Map();
  let files = runnable.map((b) => `src/${b.rel}`);
  for (let pass = 0; pass < 3; pass++) {
    writeFileSync(
      tsconfig,
      JSON.stringify({ compilerOptions: { ...base, ...options, outDir: dialect }, files: ["src/doctest-globals.d.ts", ...files] }, null, 2),
    );
    const r = spawnSync(process.execPath, [tsc, "-p", tsconfig, "--pretty", "false"], { encoding: "utf8", cwd: root });
    let syntax = false;
    for (const line of `${r.stdout}${r.stderr}`.split("\n")) {
      const m = /^(?:build\/doctest\/)?src\/(.+?)\((\d+),(\d+)\): (error TS(\d+).*)$/.exec(line.trim());
      if (!m) {
        if (line.trim()) console.log(`  tsc (${dialect}): ${line}`);
        continue;
      }
      const b = byPath.get(m[1]);
      if (!b) continue;
      if (Number(m[5]) < 2000) syntax = true;
      const list = errors.get(b) ?? [];
      list.push(`${b.doc}:${b.line + Number(m[2])}:${m[3]} ${m[4]}`);
      errors.set(b, list);
    }
    if (process.env.DOCTEST_TIMING) console.log(`  tsc ${dialect} pass ${pass + 1}: ${Date.now() - started} ms since start`);
    if (!syntax) break;
    files = files.filter((f) => !errors.has(byPath.get(f.slice(4))));
  }
  const c = { compiled: 0, run: 0, checked: 0, skipped: skipped.length, failed: 0 };
  counts[dialect] = c;
  for (const b of runnable) {
    const label = `${dialect} ${b.doc}:${b.line}${b.file ? ` (${b.file})` : ""}`;
    const groupErrors = runnable.filter((o) => o.group === b.group).flatMap((o) => errors.get(o) ?? []);
    if (errors.has(b)) {
      c.failed++;
      console.log(
        `  ✗ ${label}: does not compile\n${errors
          .get(b)
          .map((e) => `      ${e}`)
          .join("\n")}`,
      );
      continue;
    }
    c.compiled++;
    if (b.noRun) {
      if (b.checks.length) console.log(`  ! ${label}: no-run block has ${b.checks.length} unchecked outputs`);
      continue;
    }
    if (!b.entry) continue; // a module of a multi-file example: run through its entry point
    if (groupErrors.length) {
      c.failed++;
      console.log(`  ✗ ${label}: not run, another file of this example does not compile`);
      continue;
    }
    toRun.push([b, label, dir, c]);
  }
  for (const b of runnable) if (b.noRun) console.log(`  - ${dialect} ${b.doc}:${b.line}: compiled, not run: ${b.noRun}`);
}
// Both dialects' programs in one pool: most of a run is process start-up and
// waiting on child processes, so a few run side by side even on 2 cores.
{
  const limit = Math.max(3, Math.min(6, availableParallelism()));
  const runs = await pool(toRun, limit, ([b, , dir]) => runBlock(b, dir));
  if (process.env.DOCTEST_TIMING) console.log(`  ran all: ${Date.now() - started} ms since start`);
  toRun.forEach(([b, label, , c], i) => {
    const res = runs[i];
    const problems = [];
    if (res.code !== 0) problems.push(`exited ${res.code ?? res.signal}${res.stderr ? `\n${indent(res.stderr)}` : ""}`);
    const checks = runnable.filter((o) => o.group === b.group).flatMap((o) => o.checks);
    let checked = 0;
    // "// prints:" states the output of the whole program, whichever file of the example holds it
    for (const prints of runnable.filter((o) => o.group === b.group && o.prints).map((o) => o.prints)) {
      const actual = res.stdout.replace(/\n$/, "");
      if (pattern(prints.expected).test(actual)) checked++;
      else problems.push(`${b.doc}:${prints.line}: printed\n${indent(actual)}\n    expected\n${indent(prints.expected)}`);
    }
    for (const ch of checks) {
      const got = res.results.get(ch.id);
      if (!got) problems.push(`${b.doc}:${ch.line}: the checked line never ran (expected ${ch.expected})`);
      else if (!got.ok) problems.push(`${b.doc}:${ch.line}: expected\n${indent(ch.expected)}\n    got\n${indent(got.actual)}`);
      else checked++;
    }
    c.checked += checked;
    if (problems.length) {
      c.failed++;
      console.log(`  ✗ ${label}: ${problems.join("\n    ")}`);
    } else {
      c.run++;
      console.log(`  ✓ ${label}${checked ? `: ${checked} outputs checked` : ""} (${res.ms} ms)`);
    }
  });
}
function indent(text) {
  return text
    .split("\n")
    .slice(0, 30)
    .map((l) => `      ${l}`)
    .join("\n");
}
for (const b of skipped) console.log(`  - skipped ${b.doc}:${b.line}: ${b.skip}`);

for (const [dialect, c] of Object.entries(counts)) {
  console.log(
    `  ${dialect}: ${runnable.length + skipped.length} blocks; ${c.compiled} compiled, ${c.run} examples run, ${c.checked} outputs checked, ${c.skipped} skipped, ${c.failed} failed`,
  );
  passed += runnable.length - c.failed;
  failed += c.failed;
}
console.log(`doctest: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed === 0 ? 0 : 1);
