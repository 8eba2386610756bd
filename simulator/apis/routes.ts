// Every WeCom API path the simulator implements (gettoken is handled by the state itself, and so is the
// group robots' webhook/send, robot-webhook.ts: a key instead of an access_token).
import { acquisitionRoutes } from './acquisition';
import type { Routes } from './api-context';
import { archiveRoutes } from './archive';
import { contactWayRoutes } from './contact-ways';
import { customerRoutes } from './customers';
import { directoryRoutes } from './directory';
import { jsapiTicketRoutes } from './jsapi-tickets';
import { kfRoutes } from './kf';
import { loginRoutes } from './login';
import { messagingRoutes } from './messaging';
export { ROBOT_WEBHOOK_PATH } from './robot-webhook';
import { transferRoutes } from './transfers';

export const ROUTES: Routes = {
  ...contactWayRoutes,
  ...customerRoutes,
  ...messagingRoutes,
  ...kfRoutes,
  ...directoryRoutes,
  ...transferRoutes,
  ...archiveRoutes,
  ...loginRoutes,
  ...jsapiTicketRoutes,
  ...acquisitionRoutes,
};
