// Loaded only in the "legacy" project: makes emitDecoratorMetadata's
// design:type readable, as a user who installs reflect-metadata would have it.
import "reflect-metadata";
