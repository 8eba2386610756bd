// Routes of the event log: list a window, replay a window into the concern queues.
import { eventsQuery, listEvents, replayBody, replayEvents, type EventsDeps } from '../events';
import { eventsPage, replayResponse } from '../events.view';
import { json, route } from '../route';
import { msg } from '../../../shared/i18n/messages';

export const eventRoutes = {
  list: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/events',
    permission: 'events:read',
    scope: 'tenant',
    query: eventsQuery,
    response: eventsPage,
    run: async (d: EventsDeps, c) => json(await listEvents(d, c.corpId, c.query)),
  }),
  replay: route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/events/replay',
    permission: 'events:replay',
    scope: 'tenant',
    body: replayBody,
    invalid: { body: msg('invalid_replay_request') },
    response: replayResponse,
    run: async (d: EventsDeps, c) => json(await replayEvents(d, c.corpId, c.body)),
  }),
};
