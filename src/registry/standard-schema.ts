/**
 * The types of the Standard Schema v1 specification (the interface shared by
 * zod, valibot, arktype, ... and accepted by tRPC, Hono, TanStack Form and
 * others) and of its Standard JSON Schema extension, written out here so
 * decorum needs no dependency for them. They are structurally identical to
 * those of the `@standard-schema/spec` package, so a decorum schema is
 * accepted wherever that package's types are expected.
 *
 * @module
 */

/**
 * The Standard Schema v1 interface: an object with a `"~standard"` property
 * whose `validate` checks an unknown value.
 *
 * @example
 * ```ts
 * const s: StandardSchemaV1<unknown, Order> = schema(Order);
 * const result = s["~standard"].validate(body);
 * ```
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": StandardSchemaV1.Props<Input, Output>;
}

/** The types that make up {@link StandardSchemaV1} (the specification's namespace). */
export declare namespace StandardSchemaV1 {
  /** The Standard Schema properties. */
  interface Props<Input = unknown, Output = Input> {
    /** The version of the specification: `1`. */
    readonly version: 1;
    /** The library that made the schema: `"decorum"`. */
    readonly vendor: string;
    /** Validates an unknown value: its output, or the issues. */
    readonly validate: (value: unknown, options?: Options | undefined) => Result<Output> | Promise<Result<Output>>;
    /** The input and output types, for type inference only (never set at run time). */
    readonly types?: Types<Input, Output> | undefined;
  }
  /** Options of `validate`. */
  interface Options {
    /** Vendor-specific options (decorum reads `unknownKeys`). */
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }
  /** What `validate` returns. */
  type Result<Output> = SuccessResult<Output> | FailureResult;
  /** A valid value. */
  interface SuccessResult<Output> {
    /** The output: for a decorum schema, the model instance. */
    readonly value: Output;
    /** Absent on success. */
    readonly issues?: undefined;
  }
  /** An invalid value. */
  interface FailureResult {
    /** Every problem found. */
    readonly issues: ReadonlyArray<Issue>;
  }
  /** One problem. */
  interface Issue {
    /** What is wrong, in words. */
    readonly message: string;
    /** Where: keys and array indices from the root. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  /** A path segment in object form. */
  interface PathSegment {
    /** The key. */
    readonly key: PropertyKey;
  }
  /** The input and output types of a schema. */
  interface Types<Input = unknown, Output = Input> {
    /** The input type. */
    readonly input: Input;
    /** The output type. */
    readonly output: Output;
  }
  /** The input type of a schema. */
  type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["input"];
  /** The output type of a schema. */
  type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}

/**
 * The Standard JSON Schema v1 interface: a `"~standard"` property whose
 * `jsonSchema.input` / `jsonSchema.output` convert the schema to JSON Schema.
 *
 * @example
 * ```ts
 * const js = schema(Order)["~standard"].jsonSchema.input({ target: "draft-2020-12" });
 * ```
 */
export interface StandardJSONSchemaV1<Input = unknown, Output = Input> {
  /** The Standard JSON Schema properties. */
  readonly "~standard": StandardJSONSchemaV1.Props<Input, Output>;
}

/** The types that make up {@link StandardJSONSchemaV1} (the specification's namespace). */
export declare namespace StandardJSONSchemaV1 {
  /** The Standard JSON Schema properties. */
  interface Props<Input = unknown, Output = Input> {
    /** The version of the specification: `1`. */
    readonly version: 1;
    /** The library that made the schema: `"decorum"`. */
    readonly vendor: string;
    /** The input and output types, for type inference only. */
    readonly types?: StandardSchemaV1.Types<Input, Output> | undefined;
    /** Converters to JSON Schema. */
    readonly jsonSchema: Converter;
  }
  /** Converts a schema to JSON Schema; throws for a target it does not support. */
  interface Converter {
    /** The JSON Schema of what `validate` accepts. */
    readonly input: (options: Options) => Record<string, unknown>;
    /** The JSON Schema of the output, as plain JSON (what `toPlain(x, { tags: false })` writes). */
    readonly output: (options: Options) => Record<string, unknown>;
  }
  /** A JSON Schema dialect. */
  type Target = "draft-2020-12" | "draft-07" | "openapi-3.0" | ({} & string);
  /** Options of the converters. */
  interface Options {
    /** The dialect to write. */
    readonly target: Target;
    /** Vendor-specific options (decorum reads `tags` and `unknownKeys`). */
    readonly libraryOptions?: Record<string, unknown> | undefined;
  }
}
