import { Hono } from 'hono';
import type { Services } from '../../services/context.ts';
import { authRoutes } from './auth.ts';
import { emailRoutes } from './email.ts';
import { eventRoutes } from './events.ts';
import { adminGuard, type AdminEnv } from './guard.ts';
import { migrateRoutes } from './migrate.ts';
import { pageRoutes } from './pages.ts';
import { queueRoutes } from './queues.ts';
import { readerRoutes } from './readers.ts';
import { siteRoutes } from './sites.ts';

/** The admin API, to mount at `/api/v1/admin`: same origin, session cookie, CSRF header (contract/admin.ts). */
export function adminRoutes(services: Services) {
  return new Hono<AdminEnv>()
    .use(adminGuard(services))
    .route('/', authRoutes(services))
    .route('/', queueRoutes(services))
    .route('/', readerRoutes(services))
    .route('/', pageRoutes(services))
    .route('/', siteRoutes(services))
    .route('/', emailRoutes(services))
    .route('/', eventRoutes(services))
    .route('/', migrateRoutes(services));
}
