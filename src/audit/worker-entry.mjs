// Worker threads start without the parent's loader. From the sources (the repository), register tsx
// so the TypeScript sources and TypeScript optimizer modules load; in the compiled package (dist/,
// no .ts beside this file) the JavaScript loads as is, and a TypeScript optimizer module registers
// tsx when it is imported (src/core/user-module.ts). Then run the worker loop (worker.ts / worker.js).
import { existsSync } from 'node:fs';

if (existsSync(new URL('./worker.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts');
} else {
  await import('./worker.js');
}
