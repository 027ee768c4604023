import { VigilError } from '../../../shared/errors.js';
import type { CreateSittingRequest, SittingView } from '../../../shared/hub/sittings.js';
import type { ExamPackage } from '../../core/package/types.js';
import type { ProctorSession } from '../auth/accountAuth.js';
import { conflict, malformed, notFound } from '../hubError.js';
import type { HubStore, Sitting } from '../store/hubStore.js';
import { newSitting, sittingAuditDetail } from './newSitting.js';
import type { PackageCatalog } from './packageCatalog.js';

/**
 * Sittings from the dashboard (issue 19): list them with their attempt counts, create one, close
 * one. The same store calls and checks as `vigil hub sitting` (newSitting.ts, the shared schema),
 * each write committed with its audit row naming the account. Kept out of HubService, which is
 * about attempts; the HTTP layer reaches it as `service.sittingAdmin`.
 */
export class SittingAdmin {
  constructor(
    private readonly d: {
      store: HubStore;
      packages: PackageCatalog;
      now: () => number;
    },
  ) {}

  async list(): Promise<SittingView[]> {
    const [sittings, counts] = await Promise.all([this.d.store.listSittings(), this.d.store.sittingAttemptCounts()]);
    return sittings.map((s) => viewOf(s, counts));
  }

  async create(session: ProctorSession, req: CreateSittingRequest): Promise<SittingView> {
    const pkg = await this.packageFor(req.package);
    let sitting: Sitting;
    try {
      sitting = await this.d.store.addSitting(newSitting(req, pkg), this.isoNow(), (s) => ({
        at: s.createdAt,
        account: session.name,
        action: 'sitting:add',
        attemptId: null,
        detail: sittingAuditDetail(s),
      }));
    } catch (error) {
      // The store's one expected refusal: the code is another sitting's (codes pick the sitting at enrollment).
      if (error instanceof VigilError && error.code === 'conflict') throw conflict(error.message, { fields: [{ path: 'body.accessCode', message: error.message }] });
      throw error;
    }
    return { ...sitting, attempts: 0 };
  }

  /**
   * Ends enrollment with the sitting's code; attempts already enrolled go on. Closing a closed
   * sitting is 409, not a quiet success: the admin learns that someone else closed it (and when).
   */
  async close(session: ProctorSession, sittingId: string): Promise<SittingView> {
    const sitting = await this.d.store.sitting(sittingId);
    if (!sitting) throw notFound(`no sitting ${sittingId}`);
    const alreadyClosed = (closedAt: string | null) => conflict(`the sitting ${sitting.name} was already closed${closedAt ? ` at ${closedAt}` : ''}`, { closedAt });
    if (sitting.closedAt !== null) throw alreadyClosed(sitting.closedAt);
    const at = this.isoNow();
    const closed = await this.d.store.closeSitting(sittingId, at, { at, account: session.name, action: 'sitting:close', attemptId: null, detail: { sittingId, name: sitting.name } });
    // Another admin (or replica) closed it between the read and the update.
    if (!closed) throw alreadyClosed((await this.d.store.sitting(sittingId))?.closedAt ?? null);
    return viewOf({ ...sitting, closedAt: at }, await this.d.store.sittingAttemptCounts());
  }

  /**
   * The package a new sitting serves: the hub's own (`--exam`) by default, else one that an
   * existing sitting already serves, loaded (and checked) through the catalog.
   */
  private async packageFor(wanted: CreateSittingRequest['package']): Promise<ExamPackage> {
    const { primary } = this.d.packages;
    if (!wanted || (wanted.examId === primary.exam.id && wanted.examVersion === primary.exam.version)) return primary;
    const known = (await this.d.store.listSittings()).find((s) => s.examId === wanted.examId && s.examVersion === wanted.examVersion);
    if (!known) {
      const message = `this hub serves no package of ${wanted.examId} ${wanted.examVersion}; add its first sitting with vigil hub sitting add --exam <package-dir>`;
      throw malformed(`body.package: ${message}`, { fields: [{ path: 'body.package', message }] });
    }
    try {
      return await this.d.packages.forSitting(known.sittingId);
    } catch (error) {
      // The folder changed or vanished since that sitting was made: nothing the request can fix.
      if (error instanceof VigilError) throw conflict(error.message, { fields: [{ path: 'body.package', message: error.message }] });
      throw error;
    }
  }

  private isoNow(): string {
    return new Date(this.d.now()).toISOString();
  }
}

function viewOf(s: Sitting, counts: ReadonlyMap<string, number>): SittingView {
  return { ...s, attempts: counts.get(s.sittingId) ?? 0 };
}
