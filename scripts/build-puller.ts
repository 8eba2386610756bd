// `npm run build:puller`: the chat-archive puller's bundles for its container image (scripts/puller-bundle.ts).
import { buildPuller } from './puller-bundle';

const out = await buildPuller();
console.log(`archive puller bundles: ${out.main}, ${out.puller}`);
