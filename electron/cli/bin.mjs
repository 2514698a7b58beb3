#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx pc-worker` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('./pc-worker.ts');
