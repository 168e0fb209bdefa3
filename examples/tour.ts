/**
 * The tour of decorum: `npm start` builds the library, compiles this file
 * with tsc and runs it. Each section lives in examples/tour/ and uses only
 * the public API, exactly as a user would.
 */
import { collectionsTour } from "./tour/collections.js";
import { descriptorsTour } from "./tour/descriptors.js";
import { foundationTour } from "./tour/foundation.js";
import { processesTour } from "./tour/processes.js";
import { profilingTour } from "./tour/profiling.js";
import { registryTour } from "./tour/registry.js";
import { schedulersTour } from "./tour/schedulers.js";

console.log("decorum: a decorator-and-metaclass framework for serializable domain models");
foundationTour();
descriptorsTour();
registryTour();
await profilingTour();
collectionsTour();
await schedulersTour();
await processesTour();
console.log("\nEnd of the tour. See README.md for the full API.");
