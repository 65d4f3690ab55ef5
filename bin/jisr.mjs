#!/usr/bin/env node
// The `jisr` command: runs the TypeScript sources through tsx so it always matches the checkout.
import { register } from 'tsx/esm/api';
register();
await import('../server/src/cli/main.ts');
