// The error of a write that was applied but could not be recorded in the operation log (admin API and
// sidebar alike): a 500 that tells the caller to check before retrying.
import { AppError } from '../errors';

/** The write could not be recorded: the change itself was applied. */
export class OperationLogFailedError extends AppError {
  constructor(cause: unknown) {
    super(
      'operation_log_failed',
      '操作已执行，但操作日志写入失败；请先查询确认再决定是否重试 (the change was applied but could not be recorded in the operation log)',
      500,
      false,
      true,
      {
        cause,
      },
    );
  }
}
