/** Main navigation: each entry shows only to users holding its permission (the server enforces it again). */
export const navItems: Array<{ to: string; label: string; permission?: string }> = [
  { to: '/', label: 'nav.home' },
  { to: '/admin/users', label: 'nav.users', permission: 'User:list' },
  { to: '/admin/audit', label: 'nav.audit', permission: 'AuditLog:read' },
  { to: '/account/security', label: 'nav.security' },
];
