/** The redis-server binary: `$DECORUM_REDIS_SERVER`, else `redis-server` when it is on the PATH; `undefined` when there is none. */
export declare function redisServerBinary(): string | undefined;
/** What `npm test` says when the queue tests cannot run. */
export declare const MISSING_REDIS: string;
/** A running throwaway redis-server. */
export interface RedisInstance {
  port: number;
  url: string;
  /** `redis-cli shutdown nosave`, then removes its directory. */
  stop(): void;
}
/** Starts a redis-server on a free loopback port and resolves once it answers PING. */
export declare function startRedis(bin?: string): Promise<RedisInstance>;
