// `node scripts/bundle-parts.mjs`: what each feature of decorum's core costs
// in a browser bundle. The core (`model`, `field`, `serialize`, `deserialize`,
// `positive`, as bench/bundle-size.bench.ts bundles it) is bundled from src/
// by esbuild for the browser (minified, es2022, gzip level 9) once as it is,
// then once per feature with that feature made unreachable: the bodies of the
// functions that implement it replaced by `throw 0` (esbuild then drops what
// only they used). The difference is what a core without the feature would
// save; nothing is changed on disk. A feature whose functions are not found
// (renamed, moved) fails the run, so the list below must follow the code.
//
// `serialize` / `deserialize` accept an option for each of these features
// (or read it from the document), so none can be left out by tree-shaking
// today; see docs/performance.md, "Bundle size".
//
// Needs the devDependencies esbuild and typescript-6 (TypeScript 7 ships no
// compiler API to parse with).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ts = createRequire(import.meta.url)("typescript-6");
const src = fileURLToPath(new URL("../src/", import.meta.url));

/** What to make unreachable: function or `Class.method` names per file of src/, or every long error message. */
const FEATURES = [
  { name: "generated codecs (the interpreter stays, for CSP pages)", stub: { "registry/compile.ts": ["compileModel"] } },
  {
    name: "direct JSON writer (serialize by tree + JSON.stringify)",
    text: [["registry/registry.ts", "if (this.#compile && options.space === undefined", "if (false && options.space === undefined"]],
  },
  {
    name: "typed input past the recursion limit (a pass of its own)",
    stub: { "registry/plain.ts": ["typeInput", "needsTyping"], "registry/decode.ts": ["Decoder.spelled", "Decoder.pretyped"] },
  },
  { name: "plain-JSON fallback of tags: false (untag)", stub: { "registry/plain.ts": ["untag"] } },
  {
    name: "iterative walks of deep documents (encode, decode, JSON text)",
    stub: {
      "registry/encode.ts": ["Encoder.deeper", "Encoder.drive", "Encoder.step", "Encoder.job"],
      "registry/decode.ts": [
        "Decoder.deeper",
        "Decoder.drive",
        "Decoder.enter",
        "Decoder.later",
        "Decoder.enterArray",
        "Decoder.enterPlain",
        "Decoder.enterModel",
        "Decoder.finish",
      ],
      "registry/json.ts": ["stringifyDeep"],
    },
  },
  { name: "own mode (models without @field)", stub: { "registry/compile.ts": ["encodeOwn"], "registry/decode.ts": ["Decoder.decodeOwn"] } },
  {
    name: "references mode ($id / ref)",
    stub: { "registry/encode.ts": ["Encoder.finishRefs"], "registry/decode.ts": ["Decoder.idOf", "Decoder.setId"] },
  },
  { name: "migrations ($version)", stub: { "registry/decode.ts": ["Decoder.migrated"] } },
  { name: "text readers (deserialize's generated JSON readers)", stub: { "registry/registry.ts": ["Registry.#textOf"] } },
  {
    name: "built-in codecs for typed arrays and bytes",
    stub: { "registry/codecs/builtins.ts": ["typedArrayCodec", "fromBase64", "toBase64"] },
  },
  {
    name: "typed input, recursive (kept: the default form is read this way)",
    stub: {
      "registry/decode.ts": [
        "Decoder.typedPrimitive",
        "Decoder.typedObj",
        "Decoder.typedModel",
        "Decoder.untagged",
        "Decoder.typedChild",
        "Decoder.typedElement",
        "Decoder.objectMap",
        "Decoder.fieldObject",
      ],
    },
    keep: true,
  },
  {
    name: 'typed output (kept: the default tags: "needed" is written this way)',
    stub: { "registry/encode.ts": ["Encoder.typed", "Encoder.container", "Encoder.untagged", "Encoder.pair", "Encoder.checkTagged"] },
    keep: true,
  },
  { name: "legacy decorator dialect (kept: both dialects are supported)", stub: { "decorators/dialect.ts": ["legacyCall"] }, keep: true },
  { name: "messages longer than 14 characters of new …Error(…) and issues", messages: true, keep: true },
];

const ENTRY = `import { model, field, serialize, deserialize, positive } from "./index.ts"; globalThis.x = [model, field, serialize, deserialize, positive];`;

/** `text` with the bodies of the named functions / methods replaced by `{ throw 0; }`; also returns how many were found. */
function stubBodies(file, text, names) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edits = [];
  const visit = (node, cls) => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.body && node.name) {
      const name = cls ? `${cls}.${node.name.getText(sf)}` : node.name.getText(sf);
      if (names.includes(name)) edits.push([node.body.getStart(sf), node.body.end, "{ throw 0; }"]);
    }
    if (ts.isClassDeclaration(node)) {
      for (const m of node.members) visit(m, node.name?.getText(sf));
      return;
    }
    if (!cls) ts.forEachChild(node, (c) => visit(c, undefined));
  };
  visit(sf, undefined);
  return { text: applyEdits(text, edits), found: edits.length };
}

/** `text` with every string or template longer than 14 characters given to `new …Error(…)` or as a `message:` emptied. */
function emptyMessages(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edits = [];
  const inMessage = (node) => {
    for (let p = node.parent, up = 0; p && up < 4; p = p.parent, up++) {
      if (ts.isNewExpression(p) && /Error$/.test(p.expression.getText(sf))) return true;
      if (ts.isPropertyAssignment(p) && p.name.getText(sf) === "message") return true;
      if (ts.isStatement(p)) return false;
    }
    return false;
  };
  const visit = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      if (node.getText(sf).length > 16 && inMessage(node)) edits.push([node.getStart(sf), node.end, '""']);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return applyEdits(text, edits);
}

function applyEdits(text, edits) {
  edits.sort((a, b) => b[0] - a[0]);
  for (const [from, to, by] of edits) text = text.slice(0, from) + by + text.slice(to);
  return text;
}

/** Minified and gzip bytes of the core with `feature` (or nothing) made unreachable. */
async function measure(feature) {
  const plugin = {
    name: "unreachable",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const rel = args.path.slice(src.length).replaceAll("\\", "/");
        let text = readFileSync(args.path, "utf8");
        const names = feature?.stub?.[rel];
        if (names) {
          const r = stubBodies(args.path, text, names);
          if (r.found !== names.length) throw new Error(`${rel}: found ${r.found} of ${names.join(", ")}`);
          text = r.text;
        }
        for (const [file, from, to] of feature?.text ?? []) {
          if (file !== rel) continue;
          if (!text.includes(from)) throw new Error(`${rel}: text not found: ${from}`);
          text = text.replaceAll(from, to);
        }
        if (feature?.messages) text = emptyMessages(args.path, text);
        return { contents: text, loader: "ts" };
      });
    },
  };
  const r = await build({
    stdin: { contents: ENTRY, resolveDir: src, sourcefile: "entry.ts", loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent",
    plugins: [plugin],
    metafile: true,
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const text = r.outputFiles[0].text;
  const modules = Object.entries(Object.values(r.metafile.outputs)[0].inputs)
    .map(([path, input]) => ({ module: path.replace(/^.*src\//, ""), bytes: input.bytesInOutput }))
    .filter((m) => m.bytes > 0 && m.module.includes("/"))
    .sort((a, b) => b.bytes - a.bytes);
  return { min: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length, modules };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
/** Prints what each module adds to a measured bundle, largest first. */
const printModules = (modules) => {
  for (const m of modules) console.log(`${kb(m.bytes).padStart(9)}  ${m.module}`);
};
const base = await measure(undefined);
console.log(`core from src/: ${kb(base.min)} minified, ${kb(base.gzip)} gzip\n`);
const width = Math.max(...FEATURES.map((f) => f.name.length));
console.log(`${"made unreachable".padEnd(width)}  ${"minified".padStart(9)}  ${"gzip".padStart(7)}`);
const all = { stub: {}, text: [] };
for (const f of FEATURES) {
  const m = await measure(f);
  console.log(`${f.name.padEnd(width)}  ${kb(base.min - m.min).padStart(9)}  ${kb(base.gzip - m.gzip).padStart(7)}`);
  if (f.keep) continue;
  for (const [file, names] of Object.entries(f.stub ?? {})) all.stub[file] = [...(all.stub[file] ?? []), ...names];
  all.text.push(...(f.text ?? []));
}
const rest = await measure(all);
console.log(`\nall of them but those marked kept: ${kb(rest.min)} minified, ${kb(rest.gzip)} gzip`);
const bare = await measure({ ...all, messages: true });
console.log(`and without the long messages: ${kb(bare.min)} minified, ${kb(bare.gzip)} gzip; by module (minified):`);
printModules(bare.modules);

// The floor under any serializer: `model`, `field` and `positive` with a registry that only keeps
// names. Every way into encoding or decoding is unreachable (the registry's entry points, its
// model codecs, the built-in codecs: Date, Map, Set, bigint and the rest); the model and field
// decorators, the class checks, the descriptors behind `positive`, the decorator dialects and the
// registry's tables stay.
const NO_SERIALIZER = {
  stub: {
    "registry/registry.ts": [
      "Registry.serialize",
      "Registry.deserialize",
      "Registry.toPlain",
      "Registry.fromPlain",
      "Registry.#toPlain",
      "Registry.#encode",
      "Registry.#rootExpect",
      "Registry.#error",
      "Registry.#model",
      "Registry.#addCodec",
      "Registry.#textRead",
      "Registry.#textOf",
    ],
  },
  text: [
    ["registry/registry.ts", "for (const c of builtinCodecs) this.#addCodec(c, true);", ""],
    ["registry/codecs/builtins.ts", "...TYPED.map(typedArrayCodec),", ""],
  ],
};
const floor = await measure(NO_SERIALIZER);
console.log(
  `\nno serializer at all (model, field, positive and the registry's tables): ${kb(floor.min)} minified, ${kb(floor.gzip)} gzip; by module (minified):`,
);
printModules(floor.modules);
