// The audit log as the admin API answers it in JSON, field by field (the OpenAPI document is generated from it).
import * as z from 'zod';
import { AUDIT_TYPES } from '../../shared/domain/audit';

export const auditLine = z.object({
  type: z.enum(AUDIT_TYPES),
  at: z.iso.datetime().describe('事件时间 / when it happened'),
  staff: z.string().nullable().describe('员工 userId / the member'),
  customer: z.string().nullable().describe('客户 externalUserId / the customer'),
  detail: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .describe('随类型而异的详情，如 direction、amountFen（金额，分）、word / details by type, e.g. direction, amountFen (money in fen), word'),
  eventKey: z.string().describe('来源事件的去重键 / the source event’s key'),
});
export const auditPage = z.object({ items: z.array(auditLine), cursor: z.string().nullable() });
