// Routes of conversations: the sensitive words, the archive search and the red-packet ledger of a day (?format=csv: a file).
import * as z from 'zod';
import {
  archivePageView,
  archiveQuery,
  getSensitiveWords,
  ledgerQuery,
  putSensitiveWords,
  redPacketLedger,
  redPacketLedgerCsv,
  redPacketLedgerView,
  searchArchive,
  wordsSchema,
  type ConversationDeps,
} from '../conversations';
import { csv, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

/** The tenant's sensitive words as the API shows them. */
export const sensitiveWordsResponse = z.strictObject({ words: z.array(z.string()), notify: z.array(z.string()), version: z.number().int().min(0) });

export const conversationRoutes = {
  putWords: route({
    method: 'PUT',
    path: '/admin/v1/tenants/{corpId}/sensitive-words',
    permission: 'sensitive:write',
    scope: 'tenant',
    body: wordsSchema,
    invalid: { body: msg('invalid_sensitive_words') },
    response: sensitiveWordsResponse,
    audit: { read: (d: ConversationDeps, corpId) => d.sensitiveWords.get(corpId) },
    run: async (d: ConversationDeps, c) => json(await putSensitiveWords(d, c.corpId, c.body)),
  }),
  getWords: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/sensitive-words',
    permission: 'sensitive:read',
    scope: 'tenant',
    response: sensitiveWordsResponse,
    run: async (d: ConversationDeps, c) => json(await getSensitiveWords(d, c.corpId)),
  }),
  archive: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/archive',
    permission: 'archive:read',
    scope: 'caller',
    query: archiveQuery,
    response: archivePageView,
    run: async (d: ConversationDeps, c) => json(await searchArchive(d, c.corpId, c.query, await c.scope())),
  }),
  ledger: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/red-packet-ledger',
    permission: 'audit:read',
    scope: 'caller',
    query: ledgerQuery,
    response: redPacketLedgerView,
    run: async (d: ConversationDeps, c) => {
      const ledger = await redPacketLedger(d, c.corpId, c.query, await c.scope());
      return c.query.format === 'csv'
        ? csv(redPacketLedgerCsv(ledger, c.lang), { name: { zh: `红包台账-${ledger.date}`, en: `red-packet-ledger-${ledger.date}` } })
        : json(ledger);
    },
  }),
};
