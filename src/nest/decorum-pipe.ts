import { type ArgumentMetadata, BadRequestException, type PipeTransform } from "@nestjs/common";
import { DeserializeError, formatIssue, formatValue, type Issue, type PathSegment } from "../errors.js";
import { type DeserializeOptions, registry as defaultRegistry, type Registry } from "../registry/registry.js";

/** Options of {@link DecorumPipe}. */
export interface DecorumPipeOptions extends DeserializeOptions {
  /** The registry whose models the pipe reads (default: the shared `registry`). */
  registry?: Registry;
  /**
   * The model to read the value as, instead of the parameter's type from
   * `emitDecoratorMetadata` (for a build that does not emit it, or a
   * parameter typed with an interface): `@Body(new DecorumPipe({ type: Order }))`.
   */
  type?: Function;
  /**
   * Also read the values of custom parameter decorators (`createParamDecorator`);
   * default `false`: the application made them, as `ValidationPipe`'s
   * `validateCustomDecorators`.
   */
  validateCustomDecorators?: boolean;
  /**
   * What to throw instead of the default `400 Bad Request` (its body:
   * {@link DecorumBadRequestBody}) when the value does not read as the model.
   */
  exceptionFactory?: (error: DeserializeError) => unknown;
}

/** One problem of a request value, as the `400` body lists it. */
export interface DecorumIssueBody {
  /** Where, from the root of the value: `["lines", 0, "qty"]`. */
  path: PathSegment[];
  /** The stable rule name: `positive`, `type`, `required`, `unknown-key`, ... */
  code: string;
  /** What is wrong, without the location: `must be positive`. */
  message: string;
}

/** The JSON body of the `400 Bad Request` {@link DecorumPipe} answers for an invalid value. */
export interface DecorumBadRequestBody {
  /** `400`. */
  statusCode: 400;
  /** `"Bad Request"`. */
  error: string;
  /** One line per issue, path first (`lines[0].qty: must be positive (got -1)`), like `ValidationPipe`'s `message` array. */
  message: string[];
  /** Every issue, with its path as an array. */
  issues: DecorumIssueBody[];
}

/**
 * The `400` body for a {@link DeserializeError}: every issue's path and
 * message, as {@link DecorumPipe} answers by default.
 *
 * @example
 * ```ts
 * try { fromPlain(body, Order); }
 * catch (e) { if (e instanceof DeserializeError) res.status(400).json(badRequestBody(e)); }
 * ```
 */
export function badRequestBody(error: DeserializeError): DecorumBadRequestBody {
  return {
    statusCode: 400,
    error: "Bad Request",
    message: error.issues.map((i: Issue) => formatIssue(i)),
    issues: error.issues.map((i: Issue) => ({ path: [...i.path], code: i.code, message: i.message })),
  };
}

/**
 * A NestJS pipe that reads a request value into an instance of a decorum
 * model, replacing `ValidationPipe` with class-transformer and
 * class-validator. For a parameter whose type (the `metatype` Nest reads
 * from `emitDecoratorMetadata`, or `options.type`) is a registered model,
 * `transform` returns `fromPlain(value, Model)`: the instance, with nested
 * models, `Date`s, `Map`s and `Set`s built and every validator run. A value
 * that does not read as the model becomes a `BadRequestException` (`400`)
 * whose body lists every issue's path and message
 * ({@link DecorumBadRequestBody}). Any other parameter (a `string`, a
 * `number`, an unregistered class, no metadata) passes through unchanged.
 *
 * Register it globally (`app.useGlobalPipes(new DecorumPipe())`), per
 * controller or route (`@UsePipes(DecorumPipe)`), or per parameter
 * (`@Body(new DecorumPipe({ unknownKeys: "reject" }))`). The options of
 * `fromPlain` (`unknownKeys`, `maxDepth`, `maxIssues`) apply to every value
 * the pipe reads.
 *
 * @example
 * ```ts
 * import { Body, Controller, Post } from "@nestjs/common";
 * import { DecorumPipe } from "decorum/nest";
 *
 * @Controller("orders")
 * class OrdersController {
 *   @Post() create(@Body() order: Order) {
 *     return { total: order.total() }; // order instanceof Order, validated
 *   }
 * }
 * app.useGlobalPipes(new DecorumPipe());
 * ```
 */
export class DecorumPipe implements PipeTransform<unknown, unknown> {
  readonly #registry: Registry;
  readonly #type: Function | undefined;
  readonly #custom: boolean;
  readonly #options: DeserializeOptions;
  readonly #exceptionFactory: ((error: DeserializeError) => unknown) | undefined;

  /**
   * @throws {TypeError} when `options.type` is not a model registered in the pipe's registry,
   *   or `options.exceptionFactory` is not a function.
   */
  constructor(options: DecorumPipeOptions = {}) {
    const { registry = defaultRegistry, type, validateCustomDecorators = false, exceptionFactory, ...decode } = options;
    if (type !== undefined && (typeof type !== "function" || !registry.has(type)))
      throw new TypeError(`DecorumPipe: options.type must be a model class registered in the pipe's registry (got ${formatValue(type)})`);
    if (exceptionFactory !== undefined && typeof exceptionFactory !== "function")
      throw new TypeError(`DecorumPipe: options.exceptionFactory must be a function (got ${formatValue(exceptionFactory)})`);
    this.#registry = registry;
    this.#type = type;
    this.#custom = validateCustomDecorators;
    this.#options = decode;
    this.#exceptionFactory = exceptionFactory;
  }

  /**
   * Reads `value` as the parameter's model (see {@link DecorumPipe}); returns
   * any other value unchanged, and a value that already is an instance of
   * the model as it is.
   *
   * @example
   * ```ts
   * new DecorumPipe().transform({ id: "A-1", lines: [] }, { type: "body", metatype: Order }); // an Order
   * ```
   * @throws {BadRequestException} (or what `exceptionFactory` returns) listing every issue, when the value does not read as the model.
   */
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === "custom" && !this.#custom) return value;
    const type: Function | undefined = this.#type ?? metadata.metatype;
    if (typeof type !== "function" || !this.#registry.has(type)) return value;
    if (value instanceof type) return value;
    try {
      return this.#registry.fromPlain(value, type, this.#options);
    } catch (error) {
      if (!(error instanceof DeserializeError)) throw error;
      if (this.#exceptionFactory !== undefined) throw this.#exceptionFactory(error);
      throw new BadRequestException(badRequestBody(error), { cause: error });
    }
  }
}
