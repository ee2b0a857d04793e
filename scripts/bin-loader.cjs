#!/usr/bin/env node
'use strict';
// The `track` bin. It runs the bundled CLI (cli.cjs) through the V8 code cache made at build
// time, so a command costs little more than starting Node itself. A cache this Node rejects
// (another version) is simply ignored and the bundle compiles as usual.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

// The hooks run from their own, smaller bundle: Claude Code starts one at every session.
const [command, event] = process.argv.slice(2);
const hook = command === 'hook' && (event === 'session-start' || event === 'pre-compact');
const file = join(__dirname, hook ? 'hook.cjs' : 'cli.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined;
}
const script = new Script(readFileSync(file, 'utf8'), { filename: file, cachedData });
const cli = { exports: {} };
script.runInThisContext()(cli.exports, require, cli, file, __dirname);
cli.exports.run(process.argv.slice(2), { binUrl: pathToFileURL(__filename).href }).then((code) => {
  process.exitCode = code;
});
