import { demoBusinessId } from '../src/demo/seed.js';

/** Swedish business ids for the conversion bench's customers, apart from the list bench's and the demo's. */
export const nextBusinessIdFor = (run: number) => demoBusinessId('SE', 90_000 + run * 13 + (Date.now() % 1000) * 50);
