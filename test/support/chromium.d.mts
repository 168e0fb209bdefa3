/** The Chromium binary: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export declare const chromiumPath: string;
/** Launch flags for every Chromium the tests start. */
export declare const chromiumArgs: string[];
