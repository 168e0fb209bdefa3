/**
 * `decorum/decorators`: the dialect adapter, the per-class metadata store,
 * `wraps`, `@timed`, `@profiled`, `profile(fn)` and the profiler.
 *
 * @module
 */
import "./polyfill.js";

export { type Clock, type ManualClock, manualClock, performanceClock } from "./clock.js";
export { configure, type DecorumSettings } from "./codegen.js";
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
export { Histogram } from "./histogram.js";
export {
  histogramOf,
  type Instrumented,
  type InstrumentOptions,
  PROFILE,
  stats,
  type UniversalMethodDecorator,
  type UniversalMethodOrClassDecorator,
} from "./instrument.js";
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
export { type ProfiledOptions, profile, profiled } from "./profiled.js";
export {
  AUTO_SAMPLE,
  type EntryKind,
  type LogSink,
  Profiler,
  type ProfilerOptions,
  type ProfileStats,
  profiler,
  type ReportOptions,
  type Sample,
  type SortKey,
} from "./profiler.js";
export { type TimedOptions, timed } from "./timed.js";
export { unwrap, WRAPPED, wraps } from "./wraps.js";
