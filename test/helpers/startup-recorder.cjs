// Preloaded (`node -r`) into a CLI process by test/e2e/startup-cost.test.ts: at exit it writes to
// $TRACK_STARTUP_REPORT the Node built-ins the command loaded and how often it called localeCompare.
'use strict';
const before = new Set(process.moduleLoadList);
const localeCompare = String.prototype.localeCompare;
let localeCompares = 0;
String.prototype.localeCompare = function (...args) {
  localeCompares++;
  return localeCompare.apply(this, args);
};
process.on('exit', () => {
  const loaded = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  require('node:fs').writeFileSync(process.env.TRACK_STARTUP_REPORT, JSON.stringify({ loaded, localeCompares }));
});
