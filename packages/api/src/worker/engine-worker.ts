// The default engine Worker, started by createEngine().
import { exposeEngine } from './expose-engine.ts';

exposeEngine();
