import crypto from 'node:crypto';
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import { AppError } from '../http/app-error';
import { appendAudit } from '../audit/audit.repository';
import { ATTACHMENT_MAX_BYTES, type ATTACHMENT_KINDS } from '../../../common/cases';
import { loadCase, type Origin } from './cases.service';
import { visibleSections } from './cases.policy';
import * as repo from './cases.repository';
import { AAD } from './cases.crypto';

/** The type of a file from its first bytes (magic numbers): PDF, JPEG or PNG, else undefined. */
export function sniffType(bytes: Buffer): 'application/pdf' | 'image/jpeg' | 'image/png' | undefined {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

/**
 * Stores an attachment of a case, encrypted (AES-256-GCM over the base64 of the bytes). Its type
 * is taken from its content, never from the name: only PDF, JPEG and PNG, at most 5 MB. Audited.
 */
export async function addAttachment(deps: Deps, actor: Actor, caseId: string, input: { kind: (typeof ATTACHMENT_KINDS)[number]; fileName: string; contentBase64: string }, origin: Origin): Promise<string> {
  await loadCase(deps, actor, caseId, 'attach');
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length === 0) throw new AppError('cases.attachment_type', {}, 400);
  if (bytes.length > ATTACHMENT_MAX_BYTES) throw new AppError('cases.attachment_too_large', { max: ATTACHMENT_MAX_BYTES / (1024 * 1024) }, 413);
  const mime = sniffType(bytes);
  if (!mime) throw new AppError('cases.attachment_type', {}, 400);
  const id = crypto.randomUUID();
  await deps.db.transaction(async (tx) => {
    await repo.insertAttachment(tx, {
      id, case_id: caseId, kind: input.kind, mime, size_bytes: bytes.length,
      name_enc: deps.cipher.encrypt(input.fileName, AAD.attachmentName),
      content_enc: deps.cipher.encrypt(bytes.toString('base64'), AAD.attachmentContent),
      uploaded_by: actor.userId,
    });
    await repo.logCaseEvent(tx, { caseId, actor, action: 'attachment.added', details: { attachmentId: id, kind: input.kind, mime } });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.attachment_add', resourceType: 'Case', resourceId: caseId, outcome: 'success', ip: origin.ip, details: { attachmentId: id, kind: input.kind, mime, bytes: bytes.length } }]);
  });
  return id;
}

/** Reads an attachment under the same rules as the case (and its attachments section). Audited. */
export async function readAttachment(deps: Deps, actor: Actor, caseId: string, id: string, origin: Origin): Promise<{ mime: string; fileName: string; bytes: Buffer }> {
  const { access } = await loadCase(deps, actor, caseId);
  if (!visibleSections(access).includes('attachments')) throw new AppError('not_found');
  const a = await repo.findAttachment(deps.db, caseId, id);
  if (!a || !a.content_enc) throw new AppError('not_found');
  const bytes = Buffer.from(deps.cipher.decrypt(a.content_enc, AAD.attachmentContent), 'base64');
  await deps.db.transaction((tx) =>
    appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'case.attachment_read', resourceType: 'Case', resourceId: caseId, outcome: 'success', ip: origin.ip, details: { attachmentId: id } }]),
  );
  return { mime: a.mime, fileName: deps.cipher.decrypt(a.name_enc, AAD.attachmentName), bytes };
}
