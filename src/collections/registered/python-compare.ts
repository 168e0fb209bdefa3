/**
 * `pythonCompare`, declared for the default registry (registry/declared.ts, adopted at the
 * registry's next call, so this module does not load the registry) as the function
 * `"decorum.pythonCompare"` when this module is evaluated, so a heap or
 * sorted list ordered by it serializes by name. Like the collections in this
 * folder, a bundle that does not use it drops it and its registration.
 *
 * @module
 */
import { declareFunction } from "../../registry/declared.js";
import { pythonCompare } from "../python-compare.js";

declareFunction("decorum.pythonCompare", pythonCompare);

export { pythonCompare };
