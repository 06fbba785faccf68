/* eslint-disable */
// Runs the project's TypeScript in a child process without a build step or ts-node (not installed):
// each .ts file is transpiled on require with the compiler options of tsconfig.json (the same
// per-file transpilation ts-jest does for the in-process tests), and `@chengguo/<lib>` resolves
// like the tsconfig paths. Usage: node -r ./test/faults/support/register-ts.js apps/worker/src/main.ts
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
const compilerOptions = {
  ...options,
  module: ts.ModuleKind.CommonJS,
  sourceMap: false,
  inlineSourceMap: true,
  declaration: false,
  noEmit: false,
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const lib = /^@chengguo\/([\w-]+)(\/domain)?$/.exec(request);
  return resolveFilename.call(this, lib ? path.join(ROOT, 'libs', lib[1], 'src', lib[2] ? 'domain' : '') : request, parent, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
