/**
 * Enforces the layering of ARCHITECTURE.md: each folder of src/ imports only
 * from folders to its left (and from src/errors.ts), so the layers stay
 * acyclic without an import-order file papering over cycles.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");
const ORDER = ["decorators", "descriptors", "registry", "collections", "runtime"] as const;

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
        const targetRank = ORDER.indexOf(to as (typeof ORDER)[number]);
        if (from === "errors" || targetRank === -1 || rank === -1 || targetRank > rank) {
          violations.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
