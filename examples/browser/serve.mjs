// The browser example: `npm run build && node examples/browser/serve.mjs`,
// then open the printed address. Bundles app.ts for the browser with esbuild
// (the page imports the tour's models and decorum), writes the documents with
// the same models in Node (documents.ts), and serves both on 127.0.0.1.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));

async function bundle(entry, platform) {
  const r = await build({
    entryPoints: [join(here, entry)],
    bundle: true,
    platform,
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "warning",
    // In Node the documents use the installed decorum itself.
    ...(platform === "node" ? { packages: "external" } : { minify: true }),
  });
  return r.outputFiles[0].text;
}

/** Builds the page and the documents, starts the server; resolves to its address and a stop function. */
export async function start({ port = 0 } = {}) {
  const app = await bundle("app.ts", "browser");
  // Inside the repository, so "decorum" resolves (package self-reference) to dist/.
  const dir = join(here, "../../build/examples/browser");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "documents.mjs"), await bundle("documents.ts", "node"));
  const documents = await import(pathToFileURL(join(dir, "documents.mjs")).href);
  const files = {
    "/": ["text/html; charset=utf-8", readFileSync(join(here, "index.html"), "utf8")],
    "/app.js": ["text/javascript; charset=utf-8", app],
    "/order.json": ["application/json", documents.orderJson],
    "/tampered.json": ["application/json", documents.tamperedJson],
  };
  const server = createServer((req, res) => {
    const file = files[(req.url ?? "/").split("?")[0]];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file[0] });
    res.end(file[1]);
  });
  await new Promise((ok) => server.listen(port, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, stop: () => new Promise((ok) => server.close(ok)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await start({ port: Number(process.argv[2] ?? 8080) });
  console.log(`decorum browser example: ${url} (Ctrl+C stops)`);
}
