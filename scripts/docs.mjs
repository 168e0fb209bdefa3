// `npm run docs`: the API reference, generated from the TSDoc comments by
// TypeDoc into build/docs/ (one module per public entry). Warnings are errors,
// so an undocumented export, a broken {@link} or a type that is used but not
// exported fails the build (npm test runs this).
//
// TypeDoc needs TypeScript's compiler API, which TypeScript 7 (the native
// compiler the project builds with) does not ship; the devDependency
// `typescript-6` (TypeScript 6.0 under an npm alias) serves TypeDoc alone,
// through a resolve hook that only applies to imports made by TypeDoc itself.
import { register } from "node:module";

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === "typescript" && context.parentURL?.includes("/node_modules/typedoc/")) return next("typescript-6", context);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const { Application, LogLevel } = await import("typedoc");

const app = await Application.bootstrapWithPlugins({
  name: "decorum",
  entryPoints: [
    // The root entry as Node sees it (everything); the subpath entries after it.
    "src/index.node.ts",
    "src/decorators/index.ts",
    "src/descriptors/index.ts",
    "src/registry/index.ts",
    "src/collections/index.ts",
    "src/runtime/schedulers/index.ts",
    "src/runtime/node/index.ts",
    "src/registry/class-transformer.ts",
    "src/bullmq/index.ts",
    "src/nest/index.ts",
  ],
  tsconfig: "tsconfig.build.json",
  out: "build/docs",
  readme: "none",
  // The reference is built from this checkout; no links into a hosted repository.
  disableSources: true,
  excludePrivate: true,
  excludeInternal: true,
  excludeExternals: true,
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // Every export and every method must say what it does (members of option
  // bags and records are documented where their meaning is not their name).
  requiredToBeDocumented: ["Enum", "Variable", "Function", "Class", "Interface", "TypeAlias", "Method", "Accessor"],
  // Internal helper types that appear in public signatures, spelled out there.
  intentionallyNotExported: ["AnyClass", "ProfileEntry", "TaskArgs", "TaskResult"],
  externalSymbolLinkMappings: Object.fromEntries(
    ["typescript", "typescript-6", "global"].map((pkg) => [
      pkg,
      Object.fromEntries(
        ["Error", "TypeError", "RangeError", "Promise", "Map", "Set", "Date", "Function", "Symbol"].map((name) => [
          name,
          `https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/${name}`,
        ]),
      ),
    ]),
  ),
  logLevel: LogLevel.Warn,
  githubPages: false,
});
const project = await app.convert();
if (!project) {
  console.error("docs: TypeDoc could not convert the project");
  process.exit(1);
}
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error(`docs: ${app.logger.errorCount} errors, ${app.logger.warningCount} warnings`);
  process.exit(1);
}
await app.generateDocs(project, "build/docs");
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
console.log("docs: build/docs/index.html");
