/** The roles of Jisr (DESIGN.md, "The people and what each may see"). */
export const ROLES = ['admin', 'coordinator', 'caseworker', 'responder', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Kinds of organisation in a national response. */
export const ORG_TYPES = ['nra', 'ngo', 'police', 'labour_inspectorate', 'border_guard', 'health', 'social_services', 'ministry', 'other'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const LOCALES = ['ar', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Minimum password length (NIST SP 800-63B recommends at least 8; Jisr asks 12). */
export const MIN_PASSWORD_LENGTH = 12;
