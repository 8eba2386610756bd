// API docs page (GET /docs and its assets): wiring only. The assets are swagger-ui-dist's files, packaged
// with the function (serverless.yml package.patterns) and found under the task root, or the working
// directory on the local stack.
import { firstExisting, staticFiles } from '../../shared/http/static-files';
import { DOCS_ASSETS, makeDocs } from './docs-page';

const roots = [process.env.LAMBDA_TASK_ROOT, process.cwd()].filter((d): d is string => Boolean(d));
const dir = firstExisting(roots.map((r) => `${r}/node_modules/swagger-ui-dist`));

export const handler = makeDocs(staticFiles(dir, DOCS_ASSETS));
