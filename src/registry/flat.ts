/**
 * The short path of `toPlain` / `fromPlain` for a flat model: every field a
 * number, string or boolean, no `$version`, factory or `afterDeserialize`.
 * A message of such a model (what a `Channel` sends one per event-loop tick)
 * went through the whole general walk, whose code the event loop evicts from
 * the caches between ticks; this path calls the model's own codec (generated,
 * or interpreted where code generation is off) directly, so it makes exactly
 * the tree and the instance the general path makes, and gives up
 * ({@link FLAT_BAIL}) wherever that codec would need the general walk: a value
 * that is not a plain JSON primitive of its field's type, an `undefined`
 * optional field, a getter that throws; on decode, anything but a tagged
 * object of the model with every input present and of its type. Where it
 * gives up after reading (a value the general walk must write), the general
 * path reads the instance's fields again: a getter runs twice then.
 *
 * @module
 */
import { type Encoder, type ModelCodec, tagHeader } from "./encode.js";
import type { ModelPlan } from "./plan.js";

/** What the short path returns where the general path must do the call. */
export const FLAT_BAIL: { readonly flat: true } = Object.freeze({ flat: true as const });

/** `true` when `plan` is a flat model (see the module comment). */
export function isFlat(plan: ModelPlan): boolean {
  if (plan.mode !== "fields" || plan.version !== 0 || plan.hasFactory || plan.afterDeserialize !== undefined) return false;
  for (const f of plan.fields) {
    const t = f.type;
    if ((t !== Number && t !== String && t !== Boolean) || f.of !== undefined || f.check?.typeofName === undefined) return false;
  }
  return true;
}

const bail = (): never => {
  throw FLAT_BAIL;
};

/** The encoder a flat model's codec is handed: it calls one only for a value the general walk must write, so every method gives up. */
const BAILING = { field: bail, omits: bail, checkDates: bail } as unknown as Encoder;

/** The tagged tree of `value`, an instance of the flat model of `mc` (its exact class), or {@link FLAT_BAIL}. */
export function flatEncode(mc: ModelCodec, value: object): unknown {
  try {
    return mc.encode(value, BAILING, tagHeader(mc.plan));
  } catch {
    // FLAT_BAIL, or a getter's exception: the general path reads the value again and says where.
    return FLAT_BAIL;
  }
}

/**
 * `true` when `o` is a plain object tagged with the flat model of `plan` that holds every input of its
 * field's type as an own key (what `plan`'s `read` takes without a call to the decoder).
 */
export function flatReady(plan: ModelPlan, o: Record<string, unknown>): boolean {
  try {
    if (Object.getPrototypeOf(o) !== Object.prototype || o.$type !== plan.name || !Object.hasOwn(o, "$type")) return false;
    const inputs = plan.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const f = inputs[i] as ModelPlan["inputs"][number];
      const r = o[f.wire];
      if (typeof r !== f.check?.typeofName || (f.inheritedName && !Object.hasOwn(o, f.wire))) return false;
    }
    return true;
  } catch {
    // An exotic object (a Proxy whose traps throw): the general path reports it.
    return false;
  }
}
