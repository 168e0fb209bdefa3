/**
 * globalSetup of the `bullmq` vitest project: one throwaway redis-server for
 * the whole project (free loopback port, own temporary directory, no
 * persistence), shut down with `shutdown nosave` when the project ends.
 * Tests read its URL with `inject("redisUrl")`. Without a redis-server this
 * throws, which fails the run: vitest.config.ts only adds the project when a
 * server exists or when CI=true (where a missing server is a failure).
 */
import type { TestProject } from "vitest/node";
import { startRedis } from "./redis-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const redis = await startRedis();
  project.provide("redisUrl", redis.url);
  return () => redis.stop();
}
