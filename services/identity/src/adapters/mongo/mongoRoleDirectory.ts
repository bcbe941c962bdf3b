import type { Db } from 'mongodb';
import { ReadModel, type EventStore } from '@qilbee/event-store';
import type { DefinedRole, RoleDirectory } from '../../app/ports';
import type { RoleEvent, RoleState } from '../../domain/role/roleEvents';
import { roleDecider, roleStreamId, ROLE_STREAM_PREFIX } from '../../domain/role/roleDecider';

export const ROLES_COLLECTION = 'roles_view';

interface RoleDoc {
  name: string;
  permissions: string[];
  definedAtMs: number;
}

function toRole(doc: RoleDoc): DefinedRole {
  return { stage: 'Defined', name: doc.name, permissions: doc.permissions, definedAtMs: doc.definedAtMs };
}

/** Custom roles currently defined. */
export class MongoRoleDirectory implements RoleDirectory {
  readonly model: ReadModel<RoleEvent, RoleState, RoleDoc>;

  constructor(db: Db, store: EventStore) {
    this.model = new ReadModel(db, store, {
      collection: ROLES_COLLECTION,
      streamPrefix: ROLE_STREAM_PREFIX,
      decider: roleDecider,
      toView: (_streamId, state) => (state.stage === 'Defined' ? { name: state.name, permissions: state.permissions, definedAtMs: state.definedAtMs } : null),
    });
  }

  project(streamId: string, state: RoleState, version: number): Promise<void> {
    return this.model.project(streamId, state, version);
  }

  rebuild(): Promise<number> {
    return this.model.rebuild();
  }

  async list(): Promise<DefinedRole[]> {
    const docs = await this.model.views.find({ deleted: false } as never).toArray();
    return docs.map((doc) => toRole(doc as unknown as RoleDoc));
  }

  async get(name: string): Promise<DefinedRole | null> {
    const doc = await this.model.views.findOne({ _id: roleStreamId(name), deleted: false } as never);
    return doc ? toRole(doc as unknown as RoleDoc) : null;
  }
}
