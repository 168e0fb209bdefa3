/**
 * The tour of decorum: `npm start` builds the library, compiles this file
 * with tsc and runs it. Each section lives in examples/tour/ and uses only
 * the public API, exactly as a user would.
 */
import { descriptorsTour } from "./tour/descriptors.js";
import { foundationTour } from "./tour/foundation.js";
import { registryTour } from "./tour/registry.js";

console.log("decorum: a decorator-and-metaclass framework for serializable domain models");
foundationTour();
descriptorsTour();
registryTour();
console.log("\nEnd of the tour. See README.md for the full API.");
