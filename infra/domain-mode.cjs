// Custom domain option, resolved at package time (serverless.yml: ${file(infra/domain-mode.cjs):…}):
// which resource file applies (domain-custom.yml when domainName and certificateArn are set, domain-none.yml
// when neither is), the public base URL the login and sidebar functions build links with, and the WeCom
// 可信域名 ownership file the console function serves at the domain root. Bad values stop the packaging
// with a message saying what to fix, before anything is deployed.
'use strict';

const param = (resolveVariable, name) => resolveVariable(`param:${name}, ''`).then((v) => String(v ?? '').trim());

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERT = /^arn:aws(-cn|-us-gov)?:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
// What WeCom's admin console hands out: WW_verify_<letters and digits>.txt, a short line of letters and digits.
const VERIFY = /^(WW_verify_[A-Za-z0-9]{1,64}\.txt):([A-Za-z0-9]{1,128})$/;

function fail(message) {
  throw new Error(message);
}

async function domain({ resolveVariable, resolveConfigurationProperty }) {
  const name = (await param(resolveVariable, 'domainName')).toLowerCase();
  const cert = await param(resolveVariable, 'certificateArn');
  if (!name && !cert) return undefined;
  if (!name || !cert) fail('domainName 与 certificateArn 须同时设置或同时留空 · set both domainName and certificateArn, or neither');
  if (!DOMAIN.test(name)) fail(`domainName "${name}" 不是有效域名 · is not a host name (e.g. scrm.example.com)`);
  const m = CERT.exec(cert);
  if (!m) fail(`certificateArn "${cert}" 不是 ACM 证书 ARN · is not an ACM certificate ARN`);
  const region = String((await resolveConfigurationProperty(['provider', 'region'])) ?? '');
  if (region && m[2] !== region) {
    fail(`证书须在部署区域 ${region} 的 ACM 中 · the certificate must be in ACM in the stack's region ${region} (it is in ${m[2]})`);
  }
  return name;
}

module.exports = {
  /** 'custom' or 'none': the suffix of infra/domain-<mode>.yml. */
  mode: async (ctx) => ((await domain(ctx)) ? 'custom' : 'none'),
  /** publicBaseUrl when given, else https://<domainName>, else '' (the functions then use the request's host). */
  publicBaseUrl: async (ctx) => {
    const given = await param(ctx.resolveVariable, 'publicBaseUrl');
    if (given) return given.replace(/\/+$/, '');
    const name = await domain(ctx);
    return name ? `https://${name}` : '';
  },
  /** wecomDomainVerifyFile ("WW_verify_<x>.txt:<content>") checked, or '' when not set. */
  verifyFile: async ({ resolveVariable }) => {
    const v = await param(resolveVariable, 'wecomDomainVerifyFile');
    if (v && !VERIFY.test(v)) {
      fail('wecomDomainVerifyFile 格式为 "WW_verify_xxx.txt:文件内容" · must be "WW_verify_<x>.txt:<file content>" (letters and digits)');
    }
    return v;
  },
};
