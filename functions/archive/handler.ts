// Archive consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SensitiveWordCache } from '../../shared/archive/sensitive-cache';
import { wecomContext } from '../../shared/aws/wecom-context';
import { DynamoArchiveStore, DynamoConsentStore } from '../../shared/db/archive-repository';
import { DynamoAuditLog } from '../../shared/db/audit-repository';
import { DynamoGroupCodeStore } from '../../shared/db/group-code-repository';
import { DynamoKeywordRuleStore } from '../../shared/db/keyword-rule-repository';
import { DynamoLedgerStore } from '../../shared/db/ledger-repository';
import { DynamoQuickReplyStore } from '../../shared/db/quick-reply-repository';
import { DynamoSensitiveWordStore } from '../../shared/db/sensitive-word-repository';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { processArchive } from './process-archive';

const { doc, tableName, ...ctx } = wecomContext();
const deps = {
  ...ctx,
  archive: new DynamoArchiveStore(doc, tableName),
  consent: new DynamoConsentStore(doc, tableName),
  ledger: new DynamoLedgerStore(doc, tableName),
  audit: new DynamoAuditLog(doc, tableName),
  sensitive: new SensitiveWordCache(new DynamoSensitiveWordStore(doc, tableName)),
  rules: new RuleSetCache(new DynamoKeywordRuleStore(doc, tableName), (message, fields) => logger.warn(message, fields)),
  quickReplies: new DynamoQuickReplyStore(doc, tableName),
  groupCodes: new DynamoGroupCodeStore(doc, tableName),
};

const consume = makeSqsConsumer({ concern: 'archive', ordered: true, handle: (message) => processArchive(deps, message), persistenceStore: ctx.persistenceStore });

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
