// Tables of the installation's operator (migration 0027), merged into the core DB interface.
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export interface OperatorsTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  disabled_at: Date | null;
  created_at: CreatedAt;
}

export interface OperatorSessionsTable {
  id: Generated<number>;
  operator_id: number;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export interface InstallationAuditTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  org_id: number | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

export type SetupPurpose = 'first_operator' | 'user';

export interface PasswordSetupsTable {
  id: Generated<number>;
  token_hash: string;
  purpose: SetupPurpose;
  org_id: number | null;
  user_id: number | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: CreatedAt;
}

declare module './schema.ts' {
  interface DB {
    operators: OperatorsTable;
    operator_sessions: OperatorSessionsTable;
    installation_audit: InstallationAuditTable;
    password_setups: PasswordSetupsTable;
  }
}
