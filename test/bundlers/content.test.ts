/**
 * What a browser bundle carries: importing one collection brings that
 * collection (and its codec, still registered), not the others and not the
 * registry; importing a validator brings no collection and no registry;
 * the serialization core brings no collection at all. Bundled with esbuild
 * from dist/ (npm test builds first), not minified, so the codecs'
 * `decorum.*` tags are readable in the output; the modules a bundle holds
 * are read from esbuild's metafile.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleEsbuild, bundlers, scratchProject } from "./bundle.mjs";

const COLLECTIONS = ["Heap", "PriorityQueue", "Deque", "LRUCache", "SortedList", "Counter", "WeakValueMap"];

/** The module of dist/esm defining each collection class. */
const COLLECTION_MODULES: Record<string, string> = {
  Heap: "collections/heap.js",
  PriorityQueue: "collections/priority-queue.js",
  Deque: "collections/deque.js",
  LRUCache: "collections/lru-cache.js",
  SortedList: "collections/sorted-list.js",
  Counter: "collections/counter.js",
  WeakValueMap: "collections/weak-value-map.js",
};

async function bundledWithInputs(code: string): Promise<{ code: string; modules: string[] }> {
  const project = scratchProject({ "entry.mjs": code });
  try {
    const r = await bundleEsbuild(project.dir, "entry.mjs");
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    // decorum's modules, as paths under dist/esm/ (the entry itself left out)
    const modules = (r.inputs ?? []).flatMap((p) => {
      const m = /dist\/esm\/(.+)$/.exec(p.replaceAll("\\", "/"));
      return m ? [m[1] as string] : [];
    });
    expect(modules.length).toBeGreaterThan(0);
    return { code: r.code, modules };
  } finally {
    project.dispose();
  }
}

async function bundled(code: string): Promise<string> {
  return (await bundledWithInputs(code)).code;
}

/** Registry modules in a bundle, but for the declaration table collections write to (registry/declared.js). */
function registryModules(modules: string[]): string[] {
  return modules.filter((m) => m.startsWith("registry/") && m !== "registry/declared.js");
}

async function run(code: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "decorum-content-"));
  try {
    writeFileSync(join(dir, "bundle.mjs"), code);
    await import(pathToFileURL(join(dir, "bundle.mjs")).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
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

  for (const [name, own] of Object.entries(COLLECTION_MODULES)) {
    it(`${name} alone (by metafile inputs): its module and codec, no other collection, no registry module`, async () => {
      const { code, modules } = await bundledWithInputs(`import { ${name} } from "decorum";\nglobalThis.x = ${name};\n`);
      expect(modules).toContain(own);
      const others = Object.values(COLLECTION_MODULES).filter((m) => m !== own);
      expect(modules.filter((m) => others.includes(m))).toEqual([]);
      expect(registryModules(modules)).toEqual([]);
      expect(collectionsIn(code)).toEqual([name]);
    });
  }

  for (const validator of ["positive", "range"]) {
    it(`the validator ${validator} (by metafile inputs): no collection, no registry module`, async () => {
      const { modules } = await bundledWithInputs(`import { ${validator} } from "decorum";\nglobalThis.x = ${validator};\n`);
      expect(modules).toContain("descriptors/validators.js");
      expect(modules.filter((m) => m.startsWith("collections/") || m.startsWith("registry/"))).toEqual([]);
    });
  }

  it("one built-in validator leaves the other built-in constants out (they are pure: an unused one tree-shakes)", async () => {
    const { code } = await bundledWithInputs(`import { positive } from "decorum";\nglobalThis.x = positive;\n`);
    expect(code).toContain("must be positive");
    for (const other of ["must not be negative", "must be an integer", "must be a finite number"]) expect(code).not.toContain(other);
  });

  it("the serialization core leaves @transient out when it is not imported", async () => {
    const { code } = await bundledWithInputs(
      `import { model, field, serialize, deserialize, positive } from "decorum";\nglobalThis.x = [model, field, serialize, deserialize, positive];\n`,
    );
    expect(code).toContain("@field");
    expect(code).not.toContain("@transient");
  });

  it("a collection imported beside deserialize is found by its $type name alone, whichever module runs first", async () => {
    const { code } = await bundledWithInputs(
      `import { deserialize, serialize } from "decorum/registry";
import { Deque } from "decorum/collections";
const d = deserialize('{"$type":"decorum.Deque","value":{"maxlen":3,"items":[1,2]}}');
globalThis.declaredRoundTrip = { isDeque: d instanceof Deque, text: serialize(d) };\n`,
    );
    await run(code);
    const { isDeque, text } = (globalThis as unknown as { declaredRoundTrip: { isDeque: boolean; text: string } }).declaredRoundTrip;
    expect(isDeque).toBe(true);
    expect(text).toBe('{"$type":"decorum.Deque","value":{"maxlen":3,"items":[1,2]}}');
  });

  for (const [bundler, bundle] of Object.entries(bundlers)) {
    it(`${bundler}: a collection imported alone still decodes by its $type name (its declaration is not dropped as a side effect)`, async () => {
      const project = scratchProject({
        "entry.mjs": `import { deserialize, serialize } from "decorum/registry";
import { Deque } from "decorum/collections";
const d = deserialize('{"$type":"decorum.Deque","value":{"maxlen":3,"items":[1,2]}}');
console.log(JSON.stringify({ isDeque: d instanceof Deque, text: serialize(d) }));\n`,
      });
      try {
        const r = await bundle(project.dir, "entry.mjs");
        expect(r.errors).toEqual([]);
        const file = join(project.dir, "bundled.mjs");
        writeFileSync(file, r.code);
        // A process of its own: the default registry lives on globalThis, shared with any bundle run here before.
        const out = JSON.parse(execFileSync(process.execPath, [file], { encoding: "utf8" }));
        expect(out).toEqual({ isDeque: true, text: '{"$type":"decorum.Deque","value":{"maxlen":3,"items":[1,2]}}' });
      } finally {
        project.dispose();
      }
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
