/**
 * `decorum/decorators`: the dialect adapter, the per-class metadata store,
 * and (as they land) `wraps`, `@timed`, `@profiled` and the profiler.
 *
 * @module
 */
import "./polyfill.js";

export {
  type AccessorHooks,
  applyDecorator,
  createDecorator,
  type Decoration,
  type DecoratorSpec,
  type Dialect,
  describeTarget,
  type FieldHooks,
  isStandardCall,
  type MemberKind,
  memberName,
  UNKNOWN_CLASS,
  type UniversalDecorator,
} from "./dialect.js";
export {
  classChain,
  getClassData,
  getClassDataChain,
  getMemberData,
  getMemberDataChain,
  getOwnClassData,
  getOwnMemberData,
  type MetadataObject,
  membersWith,
  ownMetadataOf,
  setClassData,
  setMemberData,
} from "./metadata.js";
export { METADATA } from "./polyfill.js";
