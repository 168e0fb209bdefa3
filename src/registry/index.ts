/**
 * `decorum/registry`: see API.md. Filled in by its layer's issue.
 *
 * @module
 */
import "../decorators/polyfill.js";
