/**
 * Every public entry that is meant to run anywhere bundles for the browser
 * with esbuild, Vite (Rolldown) and webpack 5, from the ESM build (`import`)
 * and the CommonJS build (`require`), with no Node polyfills and not one
 * error or warning; the Node-only entries are listed with the reason, and a
 * control proves that each bundler run here does report a Node built-in.
 * Runs against dist/ (npm test builds first).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundlers, NODE_BUILTIN, root, scratchProject } from "./bundle.mjs";

/** Subpaths that run anywhere JavaScript runs. */
const ISOMORPHIC = [".", "./decorators", "./descriptors", "./registry", "./collections", "./schedulers", "./runtime"];
/** Subpaths that need Node, and why. */
const NODE_ONLY: Record<string, string> = {
  "./node": "sockets (node:net), child processes, worker threads",
  "./class-transformer": "finds class-transformer's metadata storage with createRequire (node:module)",
  "./bullmq": "BullMQ workers and queues run in Node",
  "./nest": "a pipe for NestJS, a Node server framework (loads @nestjs/common)",
};

const exportsMap = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).exports as Record<string, unknown>;
const subpaths = Object.keys(exportsMap).filter((k) => k !== "./package.json");
const specifier = (s: string) => (s === "." ? "decorum" : `decorum/${s.slice(2)}`);

let project: { dir: string; dispose: () => void };

beforeAll(() => {
  expect(existsSync(join(root, "dist/esm/index.js")), "run `npm run build` first").toBe(true);
  const esm = ISOMORPHIC.map((s, i) => `import * as m${i} from ${JSON.stringify(specifier(s))};`).join("\n");
  const used = `[${ISOMORPHIC.map((_, i) => `m${i}`).join(", ")}]`;
  project = scratchProject({
    "all.mjs": `${esm}\nconsole.log(${used}.map((m) => Object.keys(m).length));\n`,
    "all.cjs": `${ISOMORPHIC.map((s, i) => `const m${i} = require(${JSON.stringify(specifier(s))});`).join("\n")}\nconsole.log(${used}.map((m) => Object.keys(m).length));\n`,
    "node-only.mjs": `import * as n from "decorum/node";\nconsole.log(Object.keys(n).length);\n`,
  });
});

afterAll(() => project?.dispose());

describe("browser bundles", () => {
  it("every subpath export is classified as isomorphic or Node-only", () => {
    const unclassified = subpaths.filter((s) => !ISOMORPHIC.includes(s) && !(s in NODE_ONLY));
    expect(unclassified, "add the new entry to ISOMORPHIC or NODE_ONLY (with the reason) in this file").toEqual([]);
    for (const s of ISOMORPHIC) expect(subpaths).toContain(s);
  });

  for (const [name, bundle] of Object.entries(bundlers)) {
    for (const [format, entry] of [
      ["ESM (import)", "all.mjs"],
      ["CommonJS (require)", "all.cjs"],
    ] as const) {
      it(`${name}: every isomorphic entry, ${format}, without errors, warnings or Node built-ins`, async () => {
        const r = await bundle(project.dir, entry);
        expect(r.errors).toEqual([]);
        expect(r.warnings).toEqual([]);
        expect(NODE_BUILTIN.exec(r.code)?.[0]).toBeUndefined();
        // The bundle really holds the library (not an empty shell).
        expect(r.code).toContain("decorum.Deque");
        expect(r.code).toContain("$type");
      });
    }

    it(`${name}: the control, decorum/node, is reported as needing Node built-ins`, async () => {
      const r = await bundle(project.dir, "node-only.mjs");
      const reported = [...r.errors, ...r.warnings, NODE_BUILTIN.exec(r.code)?.[0] ?? ""].join("\n");
      expect(reported).toMatch(/node:(net|child_process|worker_threads|events|os)/);
    });
  }
});
