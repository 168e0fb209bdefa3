/** Types of bundle.mjs (a plain module shared by the bundler test and bench/bundle-size.mjs). */
export interface BundleResult {
  errors: string[];
  warnings: string[];
  code: string;
  /** esbuild only: the modules with code in the output (paths relative to the project, from the metafile). */
  inputs?: string[];
}
export type Bundle = (dir: string, entry: string, options?: { minify?: boolean }) => Promise<BundleResult>;
export const root: string;
export function scratchProject(files: Record<string, string>): { dir: string; dispose: () => void };
export const bundleEsbuild: Bundle;
export const bundleVite: Bundle;
export const bundleWebpack: Bundle;
export const bundlers: Record<"esbuild" | "vite" | "webpack", Bundle>;
export const NODE_BUILTIN: RegExp;
