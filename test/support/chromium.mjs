// The system Chromium the browser tests drive (no browser is ever downloaded):
// its path and the flags it runs with here, shared by vitest.config.ts (the
// browser projects) and the page tests that launch it through playwright.
// The flags keep a headless Chromium, run as root, off this machine's closed
// network (no background requests, component updates or sync).

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Launch flags for every Chromium the tests start. */
export const chromiumArgs = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
