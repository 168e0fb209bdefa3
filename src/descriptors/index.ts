/**
 * `decorum/descriptors`: validated, reusable, per-instance properties.
 * `descriptor()` builds one; `positive`, `range`, `oneOf`, `readonly`, …
 * are built in; `applyDescriptor` serves plain JavaScript; `finishClass`,
 * `initializing` and `descriptorMembers` are what `@model` and the registry use.
 *
 * @module
 */
import "../decorators/polyfill.js";

export { applyDescriptor, type Descriptor, descriptor, isDescriptor } from "./descriptor.js";
export {
  descriptorMembers,
  enterInitializing,
  exitInitializing,
  finishClass,
  hasReadonlyMembers,
  initializing,
} from "./finish.js";
export { type DescriptorInfo, RULES_NAMESPACE, type RuleInfo } from "./member.js";
export { readonly } from "./readonly.js";
export type { Check, Constraint, DescriptorOptions } from "./rule.js";
export { validated } from "./validated.js";
export { finite, integer, length, nonNegative, oneOf, pattern, positive, range, type TypeOf, typed, validate } from "./validators.js";
