// Routes of orders and metrics: import orders, daily metrics, cohorts, RFM (each read also as CSV with
// ?format=csv), and the metric settings. A channel's spend is a channel route (channels.ts).
import {
  cohortQuery,
  cohortsCsv,
  cohortsOf,
  dailyMetricsCsv,
  dailyMetricsOf,
  dailyQuery,
  getMetricSettings,
  importBody,
  importOrders,
  putMetricSettings,
  rfmClassOf,
  rfmCounts,
  rfmCsv,
  rfmQuery,
  settingsBody,
  type MetricsDeps,
} from '../metrics';
import { csv, json, route } from '../route';
import { cohortsResponse, dailyMetricsResponse, importOrdersResponse, metricSettingsResponse, rfmResponse } from '../metrics.view';
import { msg } from '../../../shared/i18n/messages';

export const metricRoutes = {
  importOrders: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/orders',
    permission: 'orders:write',
    scope: 'tenant',
    body: importBody,
    invalid: { body: msg('invalid_orders') },
    response: importOrdersResponse,
    run: async (d: MetricsDeps, c) => json(await importOrders(d, c.corpId, c.body)),
  }),
  daily: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/metrics/daily',
    permission: 'metrics:read',
    scope: 'caller',
    query: dailyQuery,
    response: dailyMetricsResponse,
    run: async (d: MetricsDeps, c) => {
      const out = await dailyMetricsOf(d, c.corpId, c.query, await c.scope());
      return c.query.format === 'csv'
        ? csv(dailyMetricsCsv(out.items, c.lang), { name: { zh: `每日指标-${c.query.by}`, en: `daily-metrics-${c.query.by}` } })
        : json(out);
    },
  }),
  cohorts: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/metrics/cohorts',
    permission: 'metrics:read',
    scope: 'caller',
    query: cohortQuery,
    response: cohortsResponse,
    run: async (d: MetricsDeps, c) => {
      const out = await cohortsOf(d, c.corpId, c.query, await c.scope());
      return c.query.format === 'csv' ? csv(cohortsCsv(out.items, c.lang), { name: { zh: '同期群', en: 'cohorts' } }) : json(out);
    },
  }),
  rfm: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/metrics/rfm',
    permission: 'metrics:read',
    scope: 'caller',
    query: rfmQuery,
    response: rfmResponse,
    run: async (d: MetricsDeps, c) => {
      // The class counts are JSON only; a class's customers are a file with ?format=csv.
      const cls = c.query.class;
      if (cls === undefined) return json(await rfmCounts(d, c.corpId));
      if (c.query.format === 'csv') {
        const file = await rfmCsv(d, c.corpId, { ...c.query, class: cls }, await c.scope(), c.lang);
        return csv(file.text, { name: { zh: `RFM-${cls}类客户`, en: `rfm-${cls}` }, nextCursor: file.nextCursor });
      }
      return json(await rfmClassOf(d, c.corpId, { ...c.query, class: cls }, await c.scope()));
    },
  }),
  getSettings: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/metrics/settings',
    permission: 'metrics:read',
    scope: 'tenant',
    response: metricSettingsResponse,
    run: async (d: MetricsDeps, c) => json(await getMetricSettings(d, c.corpId)),
  }),
  putSettings: route({
    method: 'PUT',
    path: '/admin/v1/tenants/{corpId}/metrics/settings',
    permission: 'orders:write',
    scope: 'tenant',
    body: settingsBody,
    invalid: { body: msg('invalid_metric_settings') },
    response: metricSettingsResponse,
    run: async (d: MetricsDeps, c) => json(await putMetricSettings(d, c.corpId, c.body)),
  }),
};
