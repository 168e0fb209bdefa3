// A throwaway Redis for the queue tests and the queue bench: Debian's
// `redis-server` on a free loopback port, in its own temporary directory,
// without persistence, daemonized; `stop()` shuts it down (nosave) and
// removes the directory. Plain JavaScript, so scripts/test.mjs can ask
// whether the queue tests can run at all.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The redis-server binary: `$DECORUM_REDIS_SERVER`, else `redis-server` when it is on the PATH; `undefined` when there is none. */
export function redisServerBinary() {
  const bin = process.env.DECORUM_REDIS_SERVER || "redis-server";
  const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return r.status === 0 && /Redis server/i.test(r.stdout) ? bin : undefined;
}

/** What `npm test` says when the queue tests cannot run. */
export const MISSING_REDIS = [
  "",
  "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
  "!! The decorum/bullmq queue tests DID NOT RUN: no redis-server on this machine.   !!",
  "!! Enable them with `apt-get install redis-server`, or point DECORUM_REDIS_SERVER !!",
  "!! at a redis-server binary. With CI=true a missing server fails the test run.    !!",
  "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
  "",
].join("\n");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function cli(port, ...args) {
  const bin = (process.env.DECORUM_REDIS_SERVER || "redis-server").replace(/redis-server$/, "redis-cli");
  return spawnSync(bin, ["-h", "127.0.0.1", "-p", String(port), ...args], { encoding: "utf8" });
}

/**
 * Starts a redis-server and resolves once it answers PING.
 * @returns {Promise<{ port: number, url: string, stop(): void }>}
 */
export async function startRedis(bin = redisServerBinary()) {
  if (bin === undefined) throw new Error(MISSING_REDIS);
  const dir = mkdtempSync(join(tmpdir(), "decorum-redis-"));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      execFileSync(bin, [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir,
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "yes",
        "--logfile",
        join(dir, "redis.log"),
        "--pidfile",
        join(dir, "redis.pid"),
      ]);
    } catch (error) {
      if (attempt < 3) continue; // the port was taken between the probe and the start
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const deadline = Date.now() + 10_000;
    while (cli(port, "ping").stdout?.trim() !== "PONG") {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING (log: ${join(dir, "redis.log")})`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      stop() {
        cli(port, "shutdown", "nosave");
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
