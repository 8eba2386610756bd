// Routes of a customer's personal data (PIPL): export everything held on them as one JSON document, erase it.
import { customerParams } from '../customers';
import { erasePersonalData, exportPersonalData, personalDataEraseView, personalDataExportView, type PersonalDataDeps } from '../personal-data';
import { json, route } from '../route';

export const personalDataRoutes = {
  export: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/customers/{externalUserId}/export',
    permission: 'customers:personal-data',
    scope: 'caller',
    params: customerParams,
    response: personalDataExportView,
    summary: '导出客户的个人信息（JSON） · Export a customer’s personal data',
    run: async (d: PersonalDataDeps, c) => json(await exportPersonalData(d, c.corpId, c.params.externalUserId)),
  }),
  erase: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/customers/{externalUserId}/personal-data',
    permission: 'customers:personal-data',
    scope: 'tenant',
    params: customerParams,
    response: personalDataEraseView,
    summary: '删除客户的个人信息（保留统计） · Erase a customer’s personal data (counts kept)',
    run: async (d: PersonalDataDeps, c) => json(await erasePersonalData(d, c.corpId, c.params.externalUserId)),
  }),
};
