/**
 * Where the queue example finds Redis: `$REDIS_URL` when set; otherwise, for
 * the demo, a throwaway `redis-server` (Debian's package) on a free loopback
 * port, in a temporary directory, without persistence, shut down at the end.
 * `undefined` when neither exists.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ExampleRedis {
  url: string;
  stop(): void;
}

export async function redisForExample(): Promise<ExampleRedis | undefined> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop() {} };
  if (spawnSync("redis-server", ["--version"]).status !== 0) return undefined;
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const dir = mkdtempSync(join(tmpdir(), "decorum-example-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "yes"];
  execFileSync("redis-server", [...args, "--logfile", join(dir, "redis.log")]);
  while (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.trim() !== "PONG") {
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
