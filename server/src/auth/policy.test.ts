import { describe, expect, it } from 'vitest';
import { Policy, type Actor } from './policy';

const actor = (role: Actor['role'], orgId = 'o1'): Actor => ({ userId: 'u1', orgId, orgType: 'ngo', role, locale: 'en' });

describe('policies', () => {
  const p = new Policy().allow<{ orgId: string }>(['admin'], 'update', 'User', (a, u) => u.orgId === a.orgId).allow('*', 'list', 'Org');

  it('denies by default', () => {
    expect(p.permits(actor('caseworker'), 'update', 'User')).toBe(false);
    expect(p.can(actor('caseworker'), 'update', 'User', { orgId: 'o1' })).toBe(false);
    expect(p.permits(actor('admin'), 'delete', 'User')).toBe(false);
  });

  it('allows a role coarsely and checks the record', () => {
    expect(p.permits(actor('admin'), 'update', 'User')).toBe(true);
    expect(p.can(actor('admin'), 'update', 'User', { orgId: 'o1' })).toBe(true);
    expect(p.can(actor('admin'), 'update', 'User', { orgId: 'o2' })).toBe(false);
    expect(p.permits(actor('analyst'), 'list', 'Org')).toBe(true);
  });
});
