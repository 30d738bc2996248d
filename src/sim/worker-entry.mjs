// Worker threads start without the parent's loader. From the sources (the repository), register tsx
// so the TypeScript loads; in the compiled package (dist/, no .ts beside this file) the JavaScript
// loads as is. Then run the worker loop (worker.ts / worker.js).
import { existsSync } from 'node:fs';

if (existsSync(new URL('./worker.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts');
} else {
  await import('./worker.js');
}
