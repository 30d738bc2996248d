// Worker threads start without the parent's loader: register tsx so the TypeScript sources load,
// then run the limit-sweep worker loop (limit-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./limit-worker.ts');
