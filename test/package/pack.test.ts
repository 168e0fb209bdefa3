/**
 * Tests the package a user installs: `npm pack`, install the tarball into an
 * empty project, then `import` (ESM) and `require` (CJS) every entry point,
 * type-check a TypeScript consumer of both, and check that the ESM and CJS
 * copies loaded together share one metadata store. Runs against dist/, so
 * `npm run build` must have run (npm test does it first).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== "./package.json")
  .map((k) => (k === "." ? "decorum" : `decorum/${k.slice(2)}`));

let dir = "";
let packedFiles: string[] = [];

function run(cmd: string, args: string[], cwd = dir): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(() => {
  expect(existsSync(join(root, "dist/esm/index.js")), "run `npm run build` first").toBe(true);
  dir = mkdtempSync(join(tmpdir(), "decorum-pack-"));
  const packed = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], root)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const info = packed[0];
  if (!info) throw new Error("npm pack printed nothing");
  packedFiles = info.files.map((f) => f.path);
  const project = join(dir, "consumer");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
  run("npm", ["install", join(dir, info.filename), "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"], project);
  // The optional peers of decorum/bullmq and decorum/nest, as a user of those subpaths installs them: link ours rather than download them.
  mkdirSync(join(project, "node_modules/@nestjs"), { recursive: true });
  for (const peer of ["bullmq", "ioredis", "@nestjs/common"])
    symlinkSync(join(root, "node_modules", peer), join(project, "node_modules", peer), "dir");
  dir = project;
});

afterAll(() => {
  if (dir) rmSync(resolve(dir, ".."), { recursive: true, force: true });
});

describe("the packed package", () => {
  it("ships only what users need", () => {
    expect(packedFiles).toContain("package.json");
    expect(packedFiles).toContain("README.md");
    expect(packedFiles.some((f) => f.startsWith("dist/esm/"))).toBe(true);
    expect(packedFiles.some((f) => f.startsWith("dist/cjs/"))).toBe(true);
    const stray = packedFiles.filter(
      (f) => !/^(dist\/|docs\/[^/]+\.md$|package\.json$|README\.md$|CHANGELOG\.md$|CONTRIBUTING\.md$|LICENSE$)/.test(f),
    );
    expect(stray).toEqual([]);
  });

  it("ships the guides the README links to, and says where the repository is", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const linked = [...readme.matchAll(/\]\((docs\/[^)#\s]+\.md|CONTRIBUTING\.md)(?:#[^)]*)?\)/g)].map((m) => m[1]);
    expect(linked.length).toBeGreaterThan(5);
    for (const file of linked) expect(packedFiles, file).toContain(file);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg.repository).toBeTruthy();
    expect(pkg.homepage).toBeTruthy();
    expect(pkg.bugs).toBeTruthy();
  });

  it("installs the decorum-worker command", () => {
    const bin = join(dir, "node_modules/.bin/decorum-worker");
    expect(existsSync(bin)).toBe(true);
    expect(run(bin, ["--help"])).toMatch(/usage: decorum-worker --queue <name>/);
  });

  it("loads every entry point with import (ESM)", () => {
    const script = `${subpaths.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};`).join("\n")}
const out = { ${subpaths.map((s, i) => `${JSON.stringify(s)}: Object.keys(m${i}).length`).join(", ")} };
out.metadata = typeof Symbol.metadata;
out.error = new m0.ValidationError([{ path: ["x"], code: "positive", message: "must be positive", received: -1 }], "Item").message;
console.log(JSON.stringify(out));`;
    writeFileSync(join(dir, "esm.mjs"), script);
    const out = JSON.parse(run(process.execPath, ["esm.mjs"]));
    expect(out.decorum).toBeGreaterThan(10);
    expect(out.metadata).toBe("symbol");
    expect(out.error).toBe("Item.x: must be positive (got -1)");
  });

  it("loads every entry point with require (CJS)", () => {
    const script = `const out = {};
for (const s of ${JSON.stringify(subpaths)}) out[s] = Object.keys(require(s)).length;
const d = require("decorum");
out.metadata = typeof Symbol.metadata;
out.isDecorumError = new d.RegistryError("x") instanceof d.DecorumError;
out.cjsFile = require.resolve("decorum");
console.log(JSON.stringify(out));`;
    writeFileSync(join(dir, "cjs.cjs"), script);
    const out = JSON.parse(run(process.execPath, ["cjs.cjs"]));
    expect(out.decorum).toBeGreaterThan(10);
    expect(out.metadata).toBe("symbol");
    expect(out.isDecorumError).toBe(true);
    expect(out.cjsFile).toMatch(/dist[\\/]cjs[\\/]index\.node\.js$/); // the "node" condition
  });

  it("loads every entry point but decorum/nest without @nestjs/common installed (an optional peer)", () => {
    const others = subpaths.filter((s) => s !== "decorum/nest");
    const script = `import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const out = {};
for (const s of ${JSON.stringify(others)}) out[s] = Object.keys(await import(s)).length > 0 && Object.keys(require(s)).length > 0;
try { await import("decorum/nest"); out.nest = "loaded"; } catch (e) { out.nest = e.code; }
console.log(JSON.stringify(out));`;
    writeFileSync(join(dir, "without-nest.mjs"), script);
    const peer = join(dir, "node_modules/@nestjs/common");
    renameSync(peer, `${peer}.away`);
    try {
      const out = JSON.parse(run(process.execPath, ["without-nest.mjs"]));
      expect(out).toEqual({ ...Object.fromEntries(others.map((s) => [s, true])), nest: "ERR_MODULE_NOT_FOUND" });
    } finally {
      renameSync(`${peer}.away`, peer);
    }
  });

  it('keeps the Node-only runtime under the root and decorum/runtime in Node (export condition "node")', () => {
    const script = `import { createRequire } from "node:module";
import * as root from "decorum";
import * as runtime from "decorum/runtime";
import * as node from "decorum/node";
import * as schedulers from "decorum/schedulers";
const require = createRequire(import.meta.url);
const names = ["ProcessPool", "HandoffServer", "Channel", "pipe", "IoScheduler", "TaskScheduler", "ActorScheduler"];
const has = (m) => names.filter((n) => typeof m[n] === "function");
console.log(JSON.stringify({
  root: has(root), runtime: has(runtime), node: has(node), schedulers: has(schedulers),
  cjsRoot: has(require("decorum")), cjsRuntime: has(require("decorum/runtime")),
}));`;
    writeFileSync(join(dir, "node-conditions.mjs"), script);
    const all = ["ProcessPool", "HandoffServer", "Channel", "pipe", "IoScheduler", "TaskScheduler", "ActorScheduler"];
    expect(JSON.parse(run(process.execPath, ["node-conditions.mjs"]))).toEqual({
      root: all,
      runtime: all,
      node: ["ProcessPool", "HandoffServer", "Channel", "pipe", "IoScheduler"],
      schedulers: ["TaskScheduler", "ActorScheduler"],
      cjsRoot: all,
      cjsRuntime: all,
    });
  });

  it("shares one metadata store between an ESM and a CJS copy loaded together", () => {
    const script = `import { createRequire } from "node:module";
import * as esm from "decorum";
const cjs = createRequire(import.meta.url)("decorum");
class Model {}
cjs.setClassData(Model, "pack.test", "written by the CJS copy");
console.log(JSON.stringify({ read: esm.getClassData(Model, "pack.test"), distinct: esm.createDecorator !== cjs.createDecorator }));`;
    writeFileSync(join(dir, "shared.mjs"), script);
    expect(JSON.parse(run(process.execPath, ["shared.mjs"]))).toEqual({ read: "written by the CJS copy", distinct: true });
  });

  it("recognises an error thrown by one copy with the other copy's classes (instanceof)", () => {
    const script = `import { createRequire } from "node:module";
import * as esm from "decorum";
const cjs = createRequire(import.meta.url)("decorum");
const caught = (f) => { try { f(); } catch (e) { return e; } };
const fromCjs = caught(() => cjs.deserialize("{"));
const fromEsm = caught(() => esm.deserialize("{"));
console.log(JSON.stringify({
  distinct: esm.DeserializeError !== cjs.DeserializeError,
  cjsErrorIsEsmDeserialize: fromCjs instanceof esm.DeserializeError,
  cjsErrorIsEsmDecorum: fromCjs instanceof esm.DecorumError,
  cjsErrorIsEsmValidation: fromCjs instanceof esm.ValidationError,
  esmErrorIsCjsDeserialize: fromEsm instanceof cjs.DeserializeError,
  esmErrorIsCjsSerialize: fromEsm instanceof cjs.SerializeError,
  plainErrorIsDecorum: new Error("x") instanceof esm.DecorumError,
}));`;
    writeFileSync(join(dir, "errors.mjs"), script);
    expect(JSON.parse(run(process.execPath, ["errors.mjs"]))).toEqual({
      distinct: true,
      cjsErrorIsEsmDeserialize: true,
      cjsErrorIsEsmDecorum: true,
      cjsErrorIsEsmValidation: false,
      esmErrorIsCjsDeserialize: true,
      esmErrorIsCjsSerialize: false,
      plainErrorIsDecorum: false,
    });
  });

  it("type-checks a TypeScript consumer of both conditions (tsc 7, nodenext)", () => {
    // decorum/runtime's declarations name node:net, node:child_process and
    // worker_threads types, so a consumer has @types/node, as every Node
    // TypeScript project does; link ours rather than download it.
    mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
    symlinkSync(join(root, "node_modules/@types/node"), join(dir, "node_modules/@types/node"), "dir");
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "nodenext", target: "es2022", strict: true, noEmit: true, types: ["node"], skipLibCheck: false },
        include: ["*.mts", "*.cts"],
      }),
    );
    const imports = subpaths.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};\nvoid m${i};`).join("\n");
    writeFileSync(
      join(dir, "consumer.mts"),
      `${imports}\nimport { DecorumError } from "decorum";\nconst e: DecorumError = new m0.RegistryError("x");\nexport const code: string = e.code;\n`,
    );
    writeFileSync(
      join(dir, "consumer.cts"),
      `import d = require("decorum");\nexport const code: string = new d.SerializeError(["a"], "bad").code;\n`,
    );
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    expect(() => run(process.execPath, [tsc, "-p", "tsconfig.json"])).not.toThrow();
  });
});
