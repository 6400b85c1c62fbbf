import { insertSite } from '../../store/sites.ts';
import type { Services } from '../context.ts';

/** The `demo` site exists after the first start and allows the server's own origin. */
export async function ensureDemoSite(services: Services): Promise<void> {
  const origin = new URL(services.config.publicUrl).origin;
  await insertSite(services.database.db, { slug: 'demo', name: 'Parley demo', allowedOrigins: [origin] });
}
