/**
 * `@validated`: the class decorator for classes that are not models. It
 * finishes the class (see `finishClass` in `finish.ts`) and installs the
 * inspect / `toJSON` view of its validated members.
 *
 * @module
 */
import { createDecorator, type UniversalDecorator } from "../decorators/dialect.js";
import { descriptorMembers, finishClass } from "./finish.js";
import { installView } from "./view.js";

/**
 * Class decorator for classes that are not models: calls {@link finishClass}
 * so that validators on plain fields also run under legacy decorators with
 * `useDefineForClassFields: true`, legacy `accessor` initial values are
 * validated at construction, and `readonly` members are sealed when the
 * constructor returns. Without decorator syntax: `const Safe = validated(Class)`.
 *
 * It also makes instances look like what they hold: `util.inspect` /
 * `console.log` and `JSON.stringify` (a `toJSON` returning a plain object)
 * show every validated member with the plain own fields, never decorum's
 * hidden slots. A `toJSON` or inspect method the class defines or inherits
 * from a user's base class is kept.
 *
 * @example
 * ```ts
 * @validated
 * class LineItem { @positive accessor weight = 1; }
 * ```
 * @throws {ValidationError} at construction, listing every invalid member.
 */
export const validated: UniversalDecorator & (<C extends Function>(ctor: C) => C) = createDecorator({
  name: "@validated",
  class: (ctor) => {
    const finished = finishClass(ctor);
    installView(finished, { members: managedMembers });
    return finished;
  },
});

/** The descriptor-managed members of a class, base first: what a `@validated` instance shows. */
function managedMembers(ctor: Function): Iterable<PropertyKey> {
  return descriptorMembers(ctor).keys();
}
