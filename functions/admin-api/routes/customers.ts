// Routes of customers: list (filtered, paged; ?format=csv exports it), read one with its timeline.
import type { Clock } from '../../../shared/clock';
import {
  customerDetailView,
  customerListView,
  customerParams,
  customersCsv,
  customersQuery,
  getCustomer,
  listCustomers,
  type CustomerDeps,
} from '../customers';
import { csv, json, route } from '../route';

export const customerRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/customers',
    permission: 'customers:read',
    scope: 'caller',
    query: customersQuery,
    response: customerListView,
    run: async (d: CustomerDeps & { clock: Clock }, c) => {
      if (c.query.format === 'json') return json(await listCustomers(d, c.corpId, c.principal, c.query));
      const file = await customersCsv(d, c.corpId, c.principal, c.query, c.lang);
      return csv(file.text, { name: { zh: '客户列表', en: 'customers' }, nextCursor: file.nextCursor });
    },
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/customers/{externalUserId}',
    permission: 'customers:read',
    scope: 'caller',
    params: customerParams,
    response: customerDetailView,
    run: async (d: CustomerDeps, c) => json(await getCustomer(d, c.corpId, c.principal, c.params.externalUserId)),
  }),
};
