// Worker threads start without the parent's loader: register tsx so TypeScript optimizer modules
// and the audit worker load, then run the worker loop (worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
