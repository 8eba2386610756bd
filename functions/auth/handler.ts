// Login routes (/auth/…): wiring only (auth-api.ts).
import middy from '@middy/core';
import * as z from 'zod';
import { wecomDeps } from '../../shared/aws/wecom-deps';
import { loadEnv, optionalMatching } from '../../shared/config/env';
import { httpErrorHandler } from '../../shared/http/error-handler';
import { lambdaObservability } from '../../shared/observability';
import { makeAuthApi } from './auth-api';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const env = loadEnv(
    z.object({
      SESSION_SECRET: optionalMatching(/^.{32,}$/),
      WECOM_LOGIN_BASE: z.url().default('https://login.work.weixin.qq.com'),
      WECOM_OAUTH_BASE: z.url().default('https://open.weixin.qq.com'),
      PUBLIC_BASE_URL: optionalMatching(/^https?:\/\/[^\s]+$/),
      SIYU_DEV_LOGIN: z.enum(['0', '1']).optional(),
    }),
  );
  const { stores, ...ctx } = wecomDeps();

  return middy(
    makeAuthApi({
      ...ctx,
      ...stores,
      sessionKey: env.SESSION_SECRET,
      config: { loginBase: env.WECOM_LOGIN_BASE, oauthBase: env.WECOM_OAUTH_BASE, publicBaseUrl: env.PUBLIC_BASE_URL, devLogin: env.SIYU_DEV_LOGIN === '1' },
    }),
  )
    .use(lambdaObservability())
    .use(httpErrorHandler());
});
