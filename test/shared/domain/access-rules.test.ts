import { describe, expect, it } from 'vitest';
import { isUsable, type ApiKey } from '../../../shared/domain/api-key';
import { DomainError } from '../../../shared/domain/errors';
import { invitationStatus, type Invitation } from '../../../shared/domain/invitation';
import { grantablePermissions, type Permission } from '../../../shared/domain/permissions';
import { builtInRoles, checkGrantable } from '../../../shared/domain/roles';

const held = new Set<Permission>(['members:read', 'audit:read']);

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    return (err as DomainError).code;
  }
}

describe('checkGrantable', () => {
  it('allows what the granter holds', () => {
    expect(codeOf(() => checkGrantable(['audit:read'], held, 'permissions'))).toBeUndefined();
  });

  it('forbids what the granter does not hold', () => {
    expect(codeOf(() => checkGrantable(['members:manage'], held, 'permissions'))).toBe('forbidden');
  });

  it('refuses the administrator’s own permission even to the administrator', () => {
    const everything = new Set(builtInRoles.administrator);
    expect(
      codeOf(() => checkGrantable(['administrator:transfer'], everything, 'permissions')),
    ).toBe('validation-failed');
  });
});

describe('the built-in roles', () => {
  it('give the administrator every permission and a member only reading', () => {
    expect(builtInRoles.administrator).toContain('administrator:transfer');
    expect(builtInRoles.administrator).toEqual(expect.arrayContaining(grantablePermissions));
    expect(builtInRoles.member).toEqual(['enterprise:read', 'usage:read']);
  });
});

describe('invitationStatus', () => {
  const invitation: Invitation = {
    id: 'inv_x',
    enterpriseId: 'ent_x',
    email: 'a@example.com',
    role: 'member',
    invitedBy: 'acc_x',
    createdAt: '2030-01-01T00:00:00.000Z',
    validUntil: '2030-01-08T00:00:00.000Z',
  };

  it.each([
    ['pending', invitation, '2030-01-07T23:59:59.999Z'],
    ['expired', invitation, '2030-01-08T00:00:00.000Z'],
    ['accepted', { ...invitation, acceptedAt: '2030-01-02T00:00:00.000Z' }, '2030-01-09T00:00Z'],
    ['revoked', { ...invitation, revokedAt: '2030-01-02T00:00:00.000Z' }, '2030-01-03T00:00Z'],
  ])('is %s', (status, subject, now) => {
    expect(invitationStatus(subject, new Date(now))).toBe(status);
  });
});

describe('isUsable', () => {
  const key: ApiKey = {
    id: 'key_x',
    enterpriseId: 'ent_x',
    accountId: 'acc_x',
    name: 'ci',
    prefix: 'vksk_',
    lastCharacters: 'abcd',
    permissions: ['enterprise:read'],
    createdAt: '2030-01-01T00:00:00.000Z',
  };
  const now = new Date('2030-06-01T00:00:00.000Z');

  it('holds for a key without expiry, and until its expiry', () => {
    expect(isUsable(key, now)).toBe(true);
    expect(isUsable({ ...key, validUntil: '2030-06-01T00:00:01.000Z' }, now)).toBe(true);
  });

  it('ends at expiry and at revocation', () => {
    expect(isUsable({ ...key, validUntil: '2030-06-01T00:00:00.000Z' }, now)).toBe(false);
    expect(isUsable({ ...key, revokedAt: '2030-05-01T00:00:00.000Z' }, now)).toBe(false);
  });
});
