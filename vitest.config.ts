/**
 * One test suite, three decorator dialect configurations (plus a project that
 * tests the packed, built output). Each dialect project compiles the same
 * test files with SWC configured like one tsconfig a user might have:
 *
 * - standard:       TC39 decorators (TypeScript's default), `Symbol.metadata`.
 * - legacy:         experimentalDecorators + emitDecoratorMetadata,
 *                   useDefineForClassFields: false, reflect-metadata loaded.
 * - legacy-define:  experimentalDecorators + emitDecoratorMetadata,
 *                   useDefineForClassFields: true, reflect-metadata NOT loaded
 *                   (design:type metadata is optional at run time).
 *
 * Tests read the active configuration from `test/support/dialect.ts`, and
 * `test/decorators/configuration.test.ts` proves each one is really in effect.
 */
import { playwright } from "@vitest/browser-playwright";
import swc from "unplugin-swc";
import { defineConfig } from "vitest/config";
import { chromiumArgs, chromiumPath } from "./test/support/chromium.mjs";
import { MISSING_REDIS, redisServerBinary } from "./test/support/redis-server.mjs";

type Dialect = "standard" | "legacy" | "legacy-define";

/** SWC lowers TC39 decorators (incl. `Symbol.metadata`); oxc does not. */
function standardPlugins() {
  return [
    swc.vite({
      tsconfigFile: false,
      jsc: {
        target: "es2022",
        parser: { syntax: "typescript", decorators: true },
        transform: { decoratorVersion: "2022-03", useDefineForClassFields: true },
        keepClassNames: true,
      },
    }),
  ];
}

/**
 * oxc lowers legacy decorators like tsc does, `accessor` fields included
 * (SWC's legacy mode leaves `accessor` untouched). `setPublicClassFields`
 * plus `removeClassFieldsWithoutInitializer` is useDefineForClassFields: false;
 * it is combined with target es2021 because at es2022 oxc 0.1xx drops legacy
 * decorators on static fields under `setPublicClassFields` (tsc does not).
 */
function legacyOxc(dialect: Dialect) {
  const assign = dialect === "legacy";
  return {
    // Do not let oxc read tsconfig.json (standard dialect): these options are the whole story.
    tsconfig: false,
    decorator: { legacy: true, emitDecoratorMetadata: true },
    ...(assign
      ? {
          target: "es2021",
          assumptions: { setPublicClassFields: true },
          typescript: { removeClassFieldsWithoutInitializer: true },
        }
      : {}),
  };
}

const shared = {
  include: ["test/**/*.test.ts"],
  exclude: ["test/package/**", "test/bullmq/**", "test/bundlers/**", "test/browser/**", "node_modules/**"],
  testTimeout: 20_000,
  hookTimeout: 20_000,
};

function dialectProject(dialect: Dialect) {
  return {
    ...(dialect === "standard" ? { oxc: false as const, plugins: standardPlugins() } : { oxc: legacyOxc(dialect) }),
    test: {
      ...shared,
      name: dialect,
      env: { DECORUM_TEST_DIALECT: dialect },
      // WeakValueMap / bounded-memory tests call globalThis.gc().
      execArgv: ["--expose-gc"],
      setupFiles: dialect === "legacy" ? ["test/support/setup-reflect-metadata.ts"] : [],
    },
  };
}

/**
 * Real-browser projects: the isomorphic layers' test files run in headless
 * Chromium (the system's, never a downloaded one) through Vitest's browser
 * mode, in the standard dialect and the legacy one. scripts/test.mjs leaves
 * them out, loudly, when no Chromium is installed (and fails under CI=true).
 */
const BROWSER_TESTS = ["test/{decorators,descriptors,registry,collections}/**/*.test.ts"];
/** Test files of those layers that can only run in Node, and why. */
export const NODE_ONLY_TESTS: Record<string, string> = {
  "test/decorators/profiling-memory.test.ts": "measures the heap with process.memoryUsage() after a forced GC",
  "test/registry/class-transformer.test.ts": "decorum/class-transformer is a Node entry (finds class-transformer with createRequire)",
  "test/descriptors/copying.test.ts": "checks what node:util's inspect() shows of an instance",
  "test/registry/view.test.ts": "checks what node:util's inspect() shows of a model",
  "test/registry/write-text-memory.test.ts": "measures allocation with node:v8's GCProfiler and heap statistics after a forced GC",
  "test/collections/heap-inlining.test.ts": "compiles Heap.replace in a child node process to read its bytecode length",
};

function browserProject(dialect: "standard" | "legacy") {
  return {
    ...(dialect === "standard" ? { oxc: false as const, plugins: standardPlugins() } : { oxc: legacyOxc(dialect) }),
    // No process.env in a page: test/support/dialect.ts gets the dialect inlined.
    define: { "process.env.DECORUM_TEST_DIALECT": JSON.stringify(dialect) },
    test: {
      ...shared,
      include: BROWSER_TESTS,
      exclude: [...shared.exclude, ...Object.keys(NODE_ONLY_TESTS)],
      name: `browser-${dialect}`,
      setupFiles: dialect === "legacy" ? ["test/support/setup-reflect-metadata.ts"] : [],
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        instances: [{ browser: "chromium" as const }],
        provider: playwright({
          launchOptions: {
            executablePath: chromiumPath,
            args: [
              ...chromiumArgs,
              // WeakValueMap / Deque memory tests call globalThis.gc(), as in Node with --expose-gc.
              "--js-flags=--expose-gc",
            ],
          },
        }),
      },
    },
  };
}

/**
 * The queue tests (decorum/bullmq) run in ONE project: BullMQ carries wire
 * text between processes, which does not depend on the decorator dialect
 * (the codecs are covered in all three projects), and a real Redis plus
 * worker processes is the slowest part of the suite. They need a
 * redis-server (started by the project's globalSetup); without one the
 * project is left out and the run says so loudly, except under CI=true,
 * where it stays in and fails.
 */
function bullmqProject() {
  return {
    oxc: false as const,
    plugins: standardPlugins(),
    test: {
      ...shared,
      name: "bullmq",
      include: ["test/bullmq/**/*.test.ts"],
      exclude: ["node_modules/**"],
      env: { DECORUM_TEST_DIALECT: "standard" },
      globalSetup: ["test/support/redis-global-setup.ts"],
      testTimeout: 120_000,
      hookTimeout: 60_000,
    },
  };
}

const haveRedis = redisServerBinary() !== undefined;
if (!haveRedis) console.warn(MISSING_REDIS);

export default defineConfig({
  test: {
    projects: [
      dialectProject("standard"),
      dialectProject("legacy"),
      dialectProject("legacy-define"),
      ...(haveRedis || process.env.CI === "true" ? [bullmqProject()] : []),
      {
        test: {
          name: "package",
          include: ["test/package/**/*.test.ts", "test/bundlers/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      browserProject("standard"),
      browserProject("legacy"),
      // Pages in the system Chromium driven from Node (CSP, the browser example).
      { test: { name: "browser-pages", include: ["test/browser/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
