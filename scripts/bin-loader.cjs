#!/usr/bin/env node
'use strict';
// The `track` bin. It runs a bundled CLI through the V8 code cache made at build time, so a
// command costs little more than starting Node itself. A cache this Node rejects (another version)
// is simply ignored and the bundle compiles as usual.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

/** The commands the quick bundle (280 kB against the full CLI's 700) answers: the hooks and the reads agents run all the time. */
const QUICK = new Set(['hook', 'get-active', 'status', 'context', 'list']);

function load(name) {
  const file = join(__dirname, name);
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(readFileSync(file, 'utf8'), { filename: file, cachedData });
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, require, bundle, file, __dirname);
  return bundle.exports;
}

async function main(argv, options) {
  // null: not exactly a quick command (help, a typo, a bad option); the full CLI answers, nothing was done.
  const quick = QUICK.has(argv[0]) ? await load('quick.cjs').run(argv, options) : null;
  return quick ?? load('cli.cjs').run(argv, options);
}

// The bin's URL (init writes it into the entry points) is made only when asked: node:url and URL parsing cost a read command measurably.
const options = {
  get binUrl() {
    return require('node:url').pathToFileURL(__filename).href;
  },
};
main(process.argv.slice(2), options).then((code) => {
  process.exitCode = code;
});
