/**
 * Enforces the layering described under "Layers" in the repository's root
 * ARCHITECTURE.md: each folder of src/ imports only from folders to its left
 * (and from src/errors.ts), so the layers stay acyclic without an
 * import-order file papering over cycles.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");
const ORDER = ["decorators", "descriptors", "registry", "collections", "runtime"] as const;
/**
 * Integrations sit above every layer, each under its own subpath with
 * optional peer dependencies: they may import any layer, nothing imports
 * them (not even the root index), and only they import their peers.
 */
const INTEGRATIONS: Record<string, readonly string[]> = {
  bullmq: ["bullmq", "ioredis"],
  nest: ["@nestjs/common", "@nestjs/core", "@nestjs/platform-express"],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(file: string): string {
  const rel = relative(SRC, file).split(/[\\/]/);
  return rel.length === 1 ? (rel[0] as string).replace(/\.ts$/, "") : (rel[0] as string);
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

describe("architecture", () => {
  const sources = files(SRC);

  it("has the five layer folders, errors.ts and index.ts", () => {
    for (const layer of ORDER) expect(statSync(join(SRC, layer)).isDirectory()).toBe(true);
    expect(sources.map((f) => relative(SRC, f))).toEqual(expect.arrayContaining(["errors.ts", "index.ts"]));
  });

  it("imports only downward: each layer from layers to its left and errors.ts", () => {
    const violations: string[] = [];
    for (const file of sources) {
      const from = layerOf(file);
      if (from === "index" || from === "index.node") continue; // the root entries re-export every layer
      const rank = ORDER.indexOf(from as (typeof ORDER)[number]);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(IMPORT)) {
        const spec = (m[1] ?? m[2]) as string;
        if (!spec.startsWith(".")) continue;
        const target = resolve(dirname(file), spec);
        const to = layerOf(target.replace(/\.js$/, ".ts"));
        if (to === from || to === "errors") continue;
        if (Object.hasOwn(INTEGRATIONS, from) && ORDER.includes(to as (typeof ORDER)[number])) continue;
        const targetRank = ORDER.indexOf(to as (typeof ORDER)[number]);
        if (from === "errors" || targetRank === -1 || rank === -1 || targetRank > rank) {
          violations.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps integrations on top: nothing imports src/bullmq or src/nest, and only each imports its own peers", () => {
    const violations: string[] = [];
    const peers = new Map(Object.entries(INTEGRATIONS).flatMap(([owner, names]) => names.map((n) => [n, owner] as const)));
    for (const file of sources) {
      const from = layerOf(file);
      for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
        const spec = (m[1] ?? m[2]) as string;
        if (spec.startsWith(".")) {
          const to = layerOf(resolve(dirname(file), spec).replace(/\.js$/, ".ts"));
          if (Object.hasOwn(INTEGRATIONS, to) && to !== from) violations.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to})`);
          continue;
        }
        const owner = peers.get(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string));
        if (owner !== undefined && owner !== from)
          violations.push(`${relative(SRC, file)} imports the ${spec} package (only src/${owner} may)`);
      }
    }
    expect(violations).toEqual([]);
    expect(Object.keys(INTEGRATIONS).every((name) => statSync(join(SRC, name)).isDirectory())).toBe(true);
  });
});
