/** workerpool's worker script (process mode) for the pool benchmark. */
import workerpool from "workerpool";

workerpool.worker({ noop: (i: number) => i });
