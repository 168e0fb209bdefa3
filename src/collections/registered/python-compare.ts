/**
 * `pythonCompare`, registered with the default registry as the function
 * `"decorum.pythonCompare"` when this module is evaluated, so a heap or
 * sorted list ordered by it serializes by name. Like the collections in this
 * folder, a bundle that does not use it drops it and its registration.
 *
 * @module
 */
import { registry } from "../../registry/index.js";
import { pythonCompare } from "../python-compare.js";

// (another copy of decorum loaded in the process, ESM beside CJS, may have registered its own)
if (registry.resolveFunction("decorum.pythonCompare") === undefined) registry.registerFunction("decorum.pythonCompare", pythonCompare);

export { pythonCompare };
