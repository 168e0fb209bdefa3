/**
 * Which decorator configuration the current test project compiles with
 * (see vitest.config.ts). Tests that behave differently per dialect branch
 * on these, and test/decorators/configuration.test.ts proves them.
 */
export type TestDialect = "standard" | "legacy" | "legacy-define";

const raw = process.env.DECORUM_TEST_DIALECT;
if (raw !== "standard" && raw !== "legacy" && raw !== "legacy-define") {
  throw new Error(`DECORUM_TEST_DIALECT must be set by vitest.config.ts (got ${String(raw)})`);
}

/** The active configuration. */
export const dialect: TestDialect = raw;
/** `true` under experimentalDecorators. */
export const isLegacy = dialect !== "standard";
/** `true` when class fields use [[Define]] semantics (standard, legacy-define). */
export const defineSemantics = dialect !== "legacy";
/** `true` when emitDecoratorMetadata output is readable (reflect-metadata loaded). */
export const hasDesignType = dialect === "legacy";
