#!/usr/bin/env node
// The `hotline` operator CLI: runs infra/cli/main.ts through tsx; see infra/cli/README.md.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../infra/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
