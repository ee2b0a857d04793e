// `track mcp` for the memory benchmark: on SIGUSR2 it runs a full GC and reports the heap on stderr,
// so samples compare live memory rather than how lazily V8 happened to collect. Needs --expose-gc.
process.on('SIGUSR2', () => {
  globalThis.gc();
  const m = process.memoryUsage();
  process.stderr.write(`heap ${m.heapUsed} external ${m.external}\n`);
});
await import('../../dist/bin/track.cjs');
