import { MongoEventStore } from '@qilbee/event-store';
import { testDatabase } from '@qilbee/testkit';
import type { UserState } from '../../domain/user/userState';
import { userStreamId } from '../../domain/user/userDecider';
import { usernameReservation } from '../../app/users/reservations';
import { MongoReservationStore } from './mongoReservationStore';
import { MongoUserDirectory } from './mongoUserDirectory';

const profile = (userId: string, username: string) => ({ userId, username, email: `${username}@example.com`, passwordHash: 'hash', roles: ['Read'], createdAtMs: 1, updatedAtMs: 1 });

describe('MongoUserDirectory.findByUsernameKey (real server)', () => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let users: MongoUserDirectory;
  let reservations: MongoReservationStore;

  async function user(userId: string, username: string, state: UserState = { stage: 'Active', ...profile(userId, username) }): Promise<void> {
    await reservations.reserve(usernameReservation(username), userId, 1);
    await users.project(userStreamId(userId), state, 1);
  }

  beforeAll(async () => {
    database = await testDatabase('userdir');
    users = new MongoUserDirectory(database.db, new MongoEventStore(database.db));
    await users.ensureIndexes();
    reservations = new MongoReservationStore(database.db);
  });
  afterAll(() => database.close());

  it('finds a living user by the normalised name, through its reservation', async () => {
    await user('0190a000-0000-7000-8000-000000000001', 'Alice');
    expect(await users.findByUsernameKey('alice')).toMatchObject({ userId: '0190a000-0000-7000-8000-000000000001', username: 'Alice', stage: 'Active' });
    await user('0190a000-0000-7000-8000-000000000002', 'dora', { stage: 'Disabled', ...profile('0190a000-0000-7000-8000-000000000002', 'dora') });
    expect(await users.findByUsernameKey('dora')).toMatchObject({ stage: 'Disabled' });
  });

  it('reads no user for an unknown name, a deleted user, a stale reservation or a view that carries another name', async () => {
    expect(await users.findByUsernameKey('nobody')).toBeNull();
    await user('0190a000-0000-7000-8000-000000000003', 'bob', { stage: 'Deleted', deletedAtMs: 2, ...profile('0190a000-0000-7000-8000-000000000003', 'bob') });
    expect(await users.findByUsernameKey('bob')).toBeNull();
    await reservations.reserve(usernameReservation('ghost'), '0190a000-0000-7000-8000-000000000004', 1); // its creation never finished
    expect(await users.findByUsernameKey('ghost')).toBeNull();
    await reservations.reserve(usernameReservation('mallory'), '0190a000-0000-7000-8000-000000000001', 1); // names Alice's id
    expect(await users.findByUsernameKey('mallory')).toBeNull();
  });
});
