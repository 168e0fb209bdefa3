/**
 * `readonly`: a member settable only while its instance is being constructed.
 *
 * @module
 */
import { type Descriptor, descriptor } from "./descriptor.js";

/**
 * Makes a member settable only during construction: its initializer and the
 * constructor may write it (and `initializing(instance, fn)`, which
 * deserialize uses); any later write throws and keeps the value. In a class
 * passed through `finishClass` (`@model`, `@validated`) the member is sealed
 * when the constructor returns; otherwise it is sealed by its first write
 * after the initial value (see docs/descriptors.md).
 *
 * @example
 * ```ts
 * class Order { @readonly accessor id = 0; constructor(id = 0) { this.id = id; } }
 * new Order(7).id = 8; // ValidationError: Order.id: is read-only after construction (got 8)
 * ```
 * @throws {ValidationError} on a write after construction.
 */
export const readonly: Descriptor<unknown> = descriptor<unknown>({ name: "readonly", readonly: true });
