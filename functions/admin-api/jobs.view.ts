// What running a scheduled job by hand answers, field by field (the OpenAPI document is generated from it).
import * as z from 'zod';
import { JOB_NAMES } from '../../shared/schedules/due';

export const jobRunResponse = z.object({
  job: z.enum(JOB_NAMES),
  due: z.number().int().min(0).describe('到期的待办数 / due markers found'),
  done: z.number().int().min(0),
  skipped: z.number().int().min(0).describe('被其他运行持有租约而跳过的 / skipped: another run held the lease'),
  failed: z.array(z.object({ corpId: z.string(), id: z.string(), error: z.string() })),
  results: z.array(z.unknown()).describe('各任务自己的结果（形状随任务而异）/ each job’s own results; the shape depends on the job'),
  ranAt: z.iso.datetime().describe('按此时间运行 / the time it ran as of'),
  date: z.string().optional().describe('rollup 的日期（上海时区 YYYY-MM-DD）/ the rollup’s Shanghai day'),
});
