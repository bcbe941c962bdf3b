import { InMemoryEventStore } from '@qilbee/event-store';
import { InMemoryBus } from '@qilbee/kafka-kit';
import { ManualClock, uuidv7 } from '@qilbee/kernel';
import { createLogger } from '@qilbee/logger';
import { MemoryBucketStore } from '../adapters/memory/memoryBucketStore';
import { RateLimitChecker, type CheckDescriptor } from './checkRateLimit';
import { ExceededReporter } from './exceededReporter';
import { InMemoryPolicyViews } from './inMemoryPolicyViews';
import { PolicyService } from './managePolicies';
import { PolicyCatalog } from './policyCatalog';
import type { BucketStore } from './ports';
import { seedDefaultPolicies } from './seedDefaultPolicies';

/** The whole application on in-memory twins and a manual clock (for app specs; no servers). */
export async function appRig(options: { store?: (local: MemoryBucketStore, clock: ManualClock) => BucketStore; maxBuckets?: number } = {}) {
  const clock = new ManualClock();
  const logger = createLogger({ service: 'ratelimit-test', level: 'silent' });
  const events = new InMemoryEventStore(clock);
  const views = new InMemoryPolicyViews();
  const catalog = new PolicyCatalog(views, logger);
  const policies = new PolicyService({ store: events, views, clock, ids: { next: () => uuidv7(clock.nowMs()) }, afterChange: () => catalog.refresh() });
  await seedDefaultPolicies(policies, logger);
  await catalog.refresh();
  const local = new MemoryBucketStore(clock, { maxBuckets: options.maxBuckets ?? 1000 });
  const store = options.store ? options.store(local, clock) : local;
  catalog.onScopesChanged((scopes) => store.retainScopes(scopes));
  const bus = new InMemoryBus();
  const reporter = new ExceededReporter(bus, clock, logger);
  const checker = new RateLimitChecker(catalog, store, reporter);
  const check = (descriptors: Array<Partial<CheckDescriptor> & { subject: string }>) =>
    checker.check({ domain: 'test', descriptors: descriptors.map((d) => ({ endpointType: '', path: '', hits: 1, ...d })) });
  return { clock, logger, events, views, catalog, policies, local, store, bus, reporter, checker, check };
}
