/**
 * What a browser bundle carries: importing one collection brings that
 * collection (and its codec, still registered), not the others; importing a
 * validator or the serialization core brings no collection at all. Bundled
 * with esbuild from dist/ (npm test builds first), not minified, so the
 * codecs' `decorum.*` tags are readable in the output.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleEsbuild, scratchProject } from "./bundle.mjs";

const COLLECTIONS = ["Heap", "PriorityQueue", "Deque", "LRUCache", "SortedList", "Counter", "WeakValueMap"];

async function bundled(code: string): Promise<string> {
  const project = scratchProject({ "entry.mjs": code });
  try {
    const r = await bundleEsbuild(project.dir, "entry.mjs");
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    return r.code;
  } finally {
    project.dispose();
  }
}

/** The collection codecs (by their `decorum.*` tag) present in a bundle. */
function collectionsIn(code: string): string[] {
  return COLLECTIONS.filter((c) => code.includes(`"decorum.${c}"`));
}

describe("bundle contents", () => {
  for (const from of ["decorum", "decorum/collections"]) {
    it(`one collection from ${from} brings only that collection`, async () => {
      const code = await bundled(`import { Deque } from "${from}";\nglobalThis.x = Deque;\n`);
      expect(collectionsIn(code)).toEqual(["Deque"]);
    });
  }

  it("one collection, tree-shaken, is still registered: it round-trips through the default registry", async () => {
    const code = await bundled(
      `import { LRUCache, serialize, deserialize } from "decorum";
const text = serialize(new LRUCache({ maxSize: 2 }).set("a", 1));
globalThis.roundTrip = { text, back: serialize(deserialize(text, LRUCache)) };\n`,
    );
    expect(collectionsIn(code)).toEqual(["LRUCache"]);
    const dir = mkdtempSync(join(tmpdir(), "decorum-content-"));
    try {
      writeFileSync(join(dir, "bundle.mjs"), code);
      await import(pathToFileURL(join(dir, "bundle.mjs")).href);
      const { text, back } = (globalThis as unknown as { roundTrip: { text: string; back: string } }).roundTrip;
      expect(text).toContain('"$type":"decorum.LRUCache"');
      expect(back).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a validator brings no collection and no registry", async () => {
    const code = await bundled(`import { range } from "decorum";\nglobalThis.x = range;\n`);
    expect(collectionsIn(code)).toEqual([]);
    expect(code).not.toContain("var Registry = class");
  });

  it("the serialization core brings no collection and no profiler", async () => {
    const code = await bundled(
      `import { model, field, serialize, deserialize, positive } from "decorum";\nglobalThis.x = [model, field, serialize, deserialize, positive];\n`,
    );
    expect(collectionsIn(code)).toEqual([]);
    expect(code).not.toContain("var Profiler = class");
    expect(code).toContain("var Registry = class");
    // Schema exports are functions beside the registry, not methods of it: the core does not carry them.
    expect(code).not.toContain("draft-2020-12");
  });

  it("schema() brings the JSON Schema generator and the registry", async () => {
    const code = await bundled(`import { schema } from "decorum";\nglobalThis.x = schema;\n`);
    expect(code).toContain("draft-2020-12");
    expect(code).toContain("var Registry = class");
    expect(collectionsIn(code)).toEqual([]);
  });
});
