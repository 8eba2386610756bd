// Composition of the reconcile job: the WeCom client, the local state it compares (staff registry,
// follows, tag mirror, group registry), the event log and the concern queues it repairs through, its
// report store, due markers and leases. Built once per container by the handler (and the jobs route).
import { loadEnv } from '../config/env';
import { queueEnv, queueUrlsFrom } from '../config/runtime';
import { customerStores } from '../customers/stores';
import { DynamoEventLog } from '../db/event-log-repository';
import { DynamoGroupStore } from '../db/group-repository';
import { DynamoReconcileReportStore } from '../db/reconcile-repository';
import { makeSqsClient } from './clients';
import { scheduleStores } from './jobs-context';
import { SqsQueuePublisher } from './queue-publisher';
import { wecomContext } from './wecom-context';

/** What runReconcile needs, from the environment. */
export function reconcileContext() {
  const { doc, tableName, ...ctx } = wecomContext();
  const env = loadEnv(queueEnv);
  return {
    ...ctx,
    ...customerStores(doc, tableName),
    groups: new DynamoGroupStore(doc, tableName),
    eventLog: new DynamoEventLog(doc, tableName),
    queues: new SqsQueuePublisher(makeSqsClient({ endpoint: env.SQS_ENDPOINT as string | undefined }), queueUrlsFrom(env)),
    reconcileReports: new DynamoReconcileReportStore(doc, tableName),
    ...scheduleStores(doc, tableName),
  };
}
