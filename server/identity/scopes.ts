import type { FieldError } from '../platform/problem';
import type { RoleGrant, ScopeType } from './roles';

/**
 * Where the objects a grant can be scoped to live. Each capability that owns such objects
 * registers a directory (banks: bank; standards: occupation; later sessions: centre, session),
 * so the identity capability can refuse a grant on something that does not exist and offer
 * the existing ones in a picker, without importing the other capabilities' models.
 */
export interface ScopeDirectory {
  type: Exclude<ScopeType, 'global'>;
  exists(id: string): Promise<boolean>;
  /** Everything that can be picked, labelled as people know it (`NAT-DG 电工国家题库`). */
  choices(): Promise<Array<{ id: string; label: string }>>;
}

const directories = new Map<string, ScopeDirectory>();

export function registerScopeDirectory(directory: ScopeDirectory): void {
  directories.set(directory.type, directory);
}

/**
 * Field errors for grants whose scope names something that does not exist. Scope types with no
 * directory registered yet (centres and sessions, until that capability arrives) are not checked.
 */
export async function unknownScopeErrors(grants: readonly RoleGrant[], pathOf: (index: number) => string): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [index, grant] of grants.entries()) {
    const directory = directories.get(grant.scope.type);
    if (!directory || grant.scope.id === undefined) continue;
    if (!(await directory.exists(grant.scope.id))) {
      errors.push({ path: pathOf(index), message: `no ${grant.scope.type} ${grant.scope.id} exists`, code: 'rule', i18n: { key: 'validation.rule.scopeUnknown' } });
    }
  }
  return errors;
}

/** The picker's choices: each scope type with a directory, and its objects. */
export async function scopeChoices(): Promise<Array<{ type: string; options: Array<{ id: string; label: string }> }>> {
  return Promise.all([...directories.values()].map(async (d) => ({ type: d.type, options: await d.choices() })));
}
