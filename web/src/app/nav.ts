/**
 * Main navigation: each entry shows only to users holding its permission, and where named, only in
 * organisations of that type (a rule's record condition the coarse permission cannot carry). The
 * server enforces both again.
 */
export const navItems: Array<{ to: string; label: string; permission?: string; orgType?: string }> = [
  { to: '/', label: 'nav.home' },
  { to: '/my-work', label: 'nav.my_work', permission: 'MyWork:read' },
  { to: '/cases', label: 'nav.cases', permission: 'Case:list' },
  { to: '/referrals', label: 'nav.referrals', permission: 'Referral:list' },
  { to: '/screenings', label: 'nav.screenings', permission: 'Screening:create' },
  { to: '/incoming-referrals', label: 'nav.incoming_referrals', permission: 'NrmReferral:list' },
  { to: '/admin/users', label: 'nav.users', permission: 'User:list' },
  { to: '/admin/audit', label: 'nav.audit', permission: 'AuditLog:read' },
  { to: '/admin/indicator-sets', label: 'nav.indicator_sets', permission: 'IndicatorSet:read' },
  { to: '/admin/nrm-settings', label: 'nav.nrm_settings', permission: 'Nrm:configure', orgType: 'nra' },
  { to: '/stats', label: 'nav.stats', permission: 'StatRelease:list' },
  { to: '/stats/glotip', label: 'nav.glotip', permission: 'StatRelease:list' },
  { to: '/exchange', label: 'nav.exchange', permission: 'HtcdsExport:export' },
  { to: '/account/security', label: 'nav.security' },
];

/** The entries a signed-in user sees: their permission held and, where named, their organisation of that type. */
export function visibleNavItems(session: { can: (permission: string) => boolean; user?: { org: { type: string } } | null }): typeof navItems {
  return navItems.filter((i) => (!i.permission || session.can(i.permission)) && (!i.orgType || session.user?.org.type === i.orgType));
}
