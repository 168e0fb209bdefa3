/** Task module of the pool benchmark (decorum's ProcessPool and piscina). */
export function noop(i: number): number {
  return i;
}
export default noop;
