// Routes of the material library (素材库): upload or save, list (paged, by kind), read one, delete.
import { createMaterial, deleteMaterial, getMaterial, listMaterials, materialBody, materialsQuery, type MaterialDeps } from '../materials';
import { materialsPage, materialView } from '../materials.view';
import { auditById } from '../operation-log';
import { created, idParams, json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

// The operation log records the stored metadata, never the uploaded bytes.
const audit = auditById((d: MaterialDeps, corpId, id) => d.materials.get(corpId, id));

export const materialRoutes = {
  create: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/materials',
    permission: 'materials:write',
    scope: 'tenant',
    body: materialBody,
    invalid: { body: msg('invalid_material') },
    response: materialView,
    audit,
    run: async (d: MaterialDeps, c) => created(await createMaterial(d, c.corpId, c.body)),
  }),
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/materials',
    permission: 'materials:read',
    scope: 'tenant',
    query: materialsQuery,
    response: materialsPage,
    run: async (d: MaterialDeps, c) => json(await listMaterials(d, c.corpId, c.query)),
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/materials/{id}',
    permission: 'materials:read',
    scope: 'tenant',
    params: idParams,
    response: materialView,
    run: async (d: MaterialDeps, c) => json(await getMaterial(d, c.corpId, c.params.id)),
  }),
  delete: route({
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/materials/{id}',
    permission: 'materials:write',
    scope: 'tenant',
    params: idParams,
    response: materialView,
    audit,
    run: async (d: MaterialDeps, c) => json(await deleteMaterial(d, c.corpId, c.params.id)),
  }),
};
