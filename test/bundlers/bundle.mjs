// Bundles entry files for the browser with esbuild, Vite (Rolldown) and
// webpack 5, the way an application build would: browser conditions, no Node
// polyfills, production mode. Each function returns { errors, warnings, code }
// with every message the bundler printed, so a caller can insist on none.
// Used by test/bundlers/bundlers.test.ts and bench/bundle-size.mjs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/**
 * A scratch project whose node_modules/decorum is this repository (its
 * package.json "exports" and dist/), so `decorum/...` resolves like an install.
 */
export function scratchProject(files) {
  const dir = mkdtempSync(join(tmpdir(), "decorum-bundle-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules/decorum"), "dir");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function text(message) {
  if (typeof message === "string") return message;
  const where = message?.location ? ` (${message.location.file}:${message.location.line})` : "";
  return `${message?.text ?? message?.message ?? message}${where}`;
}

/**
 * esbuild, `--platform=browser --bundle`; `minify` for size measurements.
 * `inputs` lists the modules that put code in the output (paths relative to
 * `dir`, from esbuild's metafile), for tests of what a bundle carries.
 */
export async function bundleEsbuild(dir, entry, { minify = false } = {}) {
  const esbuild = await import("esbuild");
  try {
    const r = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      format: "esm",
      // es2022 like dist/; it also makes esbuild lower standard decorators in page sources.
      target: "es2022",
      minify,
      write: false,
      logLevel: "silent",
      outdir: "out",
      metafile: true,
    });
    const output = Object.values(r.metafile.outputs).find((o) => o.entryPoint !== undefined);
    return {
      errors: r.errors.map(text),
      warnings: r.warnings.map(text),
      code: r.outputFiles.find((f) => f.path.endsWith(".js"))?.text ?? "",
      inputs: Object.entries(output?.inputs ?? {})
        .filter(([, i]) => i.bytesInOutput > 0)
        .map(([path]) => path),
    };
  } catch (e) {
    return { errors: (e.errors ?? [e]).map(text), warnings: (e.warnings ?? []).map(text), code: "" };
  }
}

/** Vite's production build (Rolldown) of one entry, with browser conditions. */
export async function bundleVite(dir, entry) {
  const { build, createLogger } = await import("vite");
  const errors = [];
  const warnings = [];
  const logger = createLogger("warn", { allowClearScreen: false });
  logger.warn = (msg) => warnings.push(text(msg));
  logger.warnOnce = (msg) => warnings.push(text(msg));
  logger.error = (msg) => errors.push(text(msg));
  logger.info = () => {};
  let code = "";
  try {
    const out = await build({
      root: dir,
      configFile: false,
      logLevel: "warn",
      customLogger: logger,
      mode: "production",
      build: {
        write: false,
        minify: false,
        modulePreload: false,
        reportCompressedSize: false,
        rolldownOptions: {
          input: join(dir, entry),
          onwarn: (w) => warnings.push(text(w)),
        },
      },
    });
    const outputs = Array.isArray(out) ? out : [out];
    code = outputs
      .flatMap((o) => o.output ?? [])
      .filter((c) => c.type === "chunk")
      .map((c) => c.code)
      .join("\n");
  } catch (e) {
    errors.push(text(e));
  }
  return { errors, warnings, code };
}

/** webpack 5, `target: "web"`, production mode, no resolve.fallback (no Node polyfills). */
export async function bundleWebpack(dir, entry) {
  const { default: webpack } = await import("webpack");
  const outDir = join(dir, `webpack-${entry.replace(/\W/g, "_")}`);
  const compiler = webpack({
    context: dir,
    mode: "production",
    target: "web",
    entry: `./${entry}`,
    output: { path: outDir, filename: "bundle.js" },
    optimization: { minimize: false },
    performance: { hints: false },
    infrastructureLogging: { level: "error" },
    stats: "none",
  });
  const stats = await new Promise((ok, fail) => compiler.run((err, s) => (err ? fail(err) : ok(s))));
  await new Promise((ok) => compiler.close(ok));
  const json = stats.toJson({ all: false, errors: true, warnings: true });
  let code = "";
  try {
    code = readFileSync(join(outDir, "bundle.js"), "utf8");
  } catch {}
  return { errors: (json.errors ?? []).map(text), warnings: (json.warnings ?? []).map(text), code };
}

export const bundlers = { esbuild: bundleEsbuild, vite: bundleVite, webpack: bundleWebpack };

/**
 * A Node built-in module that a browser bundle asks for: an import or require
 * left in the code, or Vite's empty stand-in for one (`__vite-browser-external`,
 * whose warning Vite does not print in every environment).
 */
export const NODE_BUILTIN =
  /(?:require\(\s*|from\s*|import\s*\(?\s*)["'`](node:[^"'`]+|child_process|worker_threads|net|perf_hooks|fs|path|url|module|os|events|util|crypto)["'`]|__vite-browser-external:\S+/;
