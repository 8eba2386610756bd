// The JS-SDK signature against WeCom's worked example (DOC 90506) and the `#` rule.
import { jssdkSignature, newNonce, signJssdk, signableUrl } from './jssdk-signature';

const DOC_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';

describe('jssdkSignature', () => {
  it("gives the doc's worked example", () => {
    expect(jssdkSignature(DOC_TICKET, 'Wm3WZYTPz0wzccnW', 1414587457, 'http://mp.weixin.qq.com?params=value')).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('ignores everything from # on, and nothing else', () => {
    const url = 'http://mp.weixin.qq.com?params=value';
    expect(jssdkSignature(DOC_TICKET, 'Wm3WZYTPz0wzccnW', 1414587457, `${url}#/customer?id=1#x`)).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    expect(jssdkSignature(DOC_TICKET, 'Wm3WZYTPz0wzccnW', 1414587457, `${url}&a=1`)).not.toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    expect(signableUrl('https://a.example/p?q=1#h')).toBe('https://a.example/p?q=1');
  });

  it('signs with a fresh 16-character nonce each time', () => {
    const a = signJssdk(DOC_TICKET, 'https://a.example/', 1);
    const b = signJssdk(DOC_TICKET, 'https://a.example/', 1);
    expect(a.nonceStr).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(a.nonceStr).not.toBe(b.nonceStr);
    expect(a.signature).toBe(jssdkSignature(DOC_TICKET, a.nonceStr, 1, 'https://a.example/'));
    expect(newNonce()).toHaveLength(16);
  });
});
