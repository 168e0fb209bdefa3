/**
 * `decorum/nest`: decorum models as NestJS request bodies. {@link DecorumPipe}
 * reads `@Body() order: Order` (and query / route parameters typed with a
 * model) into a validated instance with `fromPlain`, and answers
 * `400 Bad Request` with every issue's path and message: the replacement for
 * `ValidationPipe` with class-transformer and class-validator.
 * Requires the optional peer dependency `@nestjs/common`.
 *
 * @module
 */
import "../decorators/polyfill.js";

export {
  badRequestBody,
  type DecorumBadRequestBody,
  type DecorumIssueBody,
  DecorumPipe,
  type DecorumPipeOptions,
} from "./decorum-pipe.js";
