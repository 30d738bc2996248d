// Worker threads start without the parent's loader. From the sources (the repository), register tsx
// so the TypeScript loads; in the compiled package (dist/, no .ts beside this file) the JavaScript
// loads as is. Then run the limit-sweep worker loop (limit-worker.ts / limit-worker.js).
import { existsSync } from 'node:fs';

if (existsSync(new URL('./limit-worker.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./limit-worker.ts');
} else {
  await import('./limit-worker.js');
}
