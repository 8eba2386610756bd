// Routes of customers: list (filtered, paged), read one with its timeline.
import { customerParams, customersQuery, getCustomer, listCustomers, type CustomerDeps } from '../customers';
import { json, route, shape, type Out } from '../route';

export const customerRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/customers',
    permission: 'customers:read',
    scope: 'caller',
    query: customersQuery,
    response: shape<Out<typeof listCustomers>>(),
    run: async (d: CustomerDeps, c) => json(await listCustomers(d, c.corpId, c.principal, c.query)),
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/customers/{externalUserId}',
    permission: 'customers:read',
    scope: 'caller',
    params: customerParams,
    response: shape<Out<typeof getCustomer>>(),
    run: async (d: CustomerDeps, c) => json(await getCustomer(d, c.corpId, c.principal, c.params.externalUserId)),
  }),
};
