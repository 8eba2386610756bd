// Routes of the scheduled jobs: run one now, for this tenant; read what the reconcile job found and repaired.
import * as z from 'zod';
import { runBody, runJob, type JobsDeps } from '../jobs';
import { listReconcileReports, reconcileReportsQuery, reconcileReportsResponse } from '../reconcile-reports';
import { jobRunResponse } from '../jobs.view';
import { json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const jobRoutes = {
  run: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/jobs/{job}/run',
    permission: 'jobs:run',
    scope: 'tenant',
    // An unknown job is a 404 of the use case (it lists the jobs), not a 400 of the path.
    params: z.object({ job: z.string() }),
    body: runBody,
    invalid: { body: msg('invalid_job_run') },
    response: jobRunResponse,
    run: async (d: JobsDeps, c) => json(await runJob(d, c.corpId, c.params.job, c.body)),
  }),
  // Reconcile repairs go through the event log as synthetic events: its report is read with the event log's permission.
  reconcileReports: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/reconcile-reports',
    permission: 'events:read',
    scope: 'tenant',
    query: reconcileReportsQuery,
    response: reconcileReportsResponse,
    run: async (d: Parameters<typeof listReconcileReports>[0], c) => json(await listReconcileReports(d, c.corpId, c.query)),
  }),
};
