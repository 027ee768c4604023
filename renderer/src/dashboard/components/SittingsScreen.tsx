import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { z } from 'zod';
import type { CreateSittingRequest, SittingView } from '../../../../shared/hub/sittings.js';
import { HubRequestError, type HubClient } from '../api/hubClient.js';
import { dateTime } from '../lib/format.js';
import { useHubData } from '../lib/useHubData.js';
import { describeFailure } from '../store/dashboardStore.js';
import { useMay } from '../lib/useMay.js';

/** The `details` of a 400 or 409 that names fields (`body.accessCode`, ...), as routeRequest sends them. */
const fieldDetailsSchema = z.object({ fields: z.array(z.object({ path: z.string(), message: z.string() })) });

type FieldName = 'name' | 'accessCode' | 'opens' | 'closes' | 'package';
const FIELD_NAMES: readonly FieldName[] = ['name', 'accessCode', 'opens', 'closes', 'package'];
const FIELD_LABELS: Readonly<Record<FieldName, string>> = { name: 'Name', accessCode: 'Access code', opens: 'Opens', closes: 'Closes', package: 'Exam package' };

interface PackageChoice {
  key: string;
  examId: string;
  examVersion: string;
  label: string;
}

/**
 * The hub's sittings (issue 19): every role sees the list; an admin also gets the form to add one
 * and a Close button (with a confirm step) per open sitting. The hub checks everything (roles,
 * codes, times); its refusals are shown as text at the field they name, or above the form.
 */
export function SittingsScreen({ client }: { client: HubClient }) {
  // Adding and closing go together (both admin in ROUTE_ROLES).
  const isAdmin = useMay('createSitting');
  const { data, error, loading, reload } = useHubData(async () => {
    const [sittings, exam] = await Promise.all([client.sittings(), client.exam()]);
    return { sittings, exam };
  }, [client]);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Sittings · Vigil proctor dashboard';
  }, []);

  // The packages a new sitting can serve: the hub's own exam first, then any other a sitting serves.
  const packages: PackageChoice[] = [];
  if (data) {
    const seen = new Set<string>();
    const add = (examId: string, examVersion: string, label: string) => {
      const key = `${examId} ${examVersion}`;
      if (seen.has(key)) return;
      seen.add(key);
      packages.push({ key, examId, examVersion, label });
    };
    add(data.exam.id, data.exam.version, `${data.exam.title} (${data.exam.id} ${data.exam.version}, this hub's exam)`);
    for (const s of data.sittings) add(s.examId, s.examVersion, `${s.examId} ${s.examVersion}`);
  }

  return (
    <main id="main" className="dash-main" data-screen="sittings" tabIndex={-1}>
      <h1 tabIndex={-1}>Sittings</h1>
      <p className="meta">
        A sitting is one exam package served to one group of candidates (a room, a day): its own access code and, optionally, a window in which candidates may
        enroll. Closing a sitting stops new enrollments with its code; candidates already enrolled carry on.
        {isAdmin ? null : ' Only an admin account can add or close sittings.'}
      </p>
      {error ? (
        <p className="alert" role="alert">
          The sittings could not be loaded: {error}
        </p>
      ) : null}
      <p role="status" className="meta" data-testid="sittings-notice">
        {notice ?? ''}
      </p>
      {loading && !data ? (
        <p className="loading" aria-busy="true">
          Loading the sittings…
        </p>
      ) : null}
      {data ? (
        <SittingTable
          sittings={data.sittings}
          isAdmin={isAdmin}
          client={client}
          onClosed={(s) => {
            setNotice(`${s.name} is closed: candidates can no longer enroll with its code.`);
            reload();
          }}
        />
      ) : null}
      {data && isAdmin ? (
        <CreateSittingForm
          client={client}
          packages={packages}
          onCreated={(s) => {
            setNotice(`${s.name} added. Candidates enroll with access code ${s.accessCode}.`);
            reload();
          }}
        />
      ) : null}
    </main>
  );
}

/** "3 Dec, 09:00": a window's ends always with their day (a sitting is often another day's), without seconds. */
function windowTime(iso: string): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  return new Date(at).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function windowText(s: SittingView): string {
  if (s.opensAt === null && s.closesAt === null) return 'Any time';
  const from = s.opensAt === null ? 'now' : windowTime(s.opensAt);
  const to = s.closesAt === null ? 'until closed' : `to ${windowTime(s.closesAt)}`;
  return `From ${from} ${to}`;
}

function stateText(s: SittingView, now: number): string {
  if (s.closedAt !== null) return `Closed ${dateTime(s.closedAt)}`;
  if (s.opensAt !== null && now < Date.parse(s.opensAt)) return 'Not open yet';
  if (s.closesAt !== null && now > Date.parse(s.closesAt)) return 'Window over';
  return 'Open';
}

function SittingTable({ sittings, isAdmin, client, onClosed }: { sittings: SittingView[]; isAdmin: boolean; client: HubClient; onClosed(s: SittingView): void }) {
  const now = Date.now();
  if (sittings.length === 0) return <p className="grid-empty">This hub has no sittings yet.</p>;
  return (
    <div className="table-wrap" role="region" aria-labelledby="sittings-caption" tabIndex={0}>
      <table className="data-table sittings-table">
        <caption id="sittings-caption">Sittings, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Exam</th>
            <th scope="col">Access code</th>
            <th scope="col">Window</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            {isAdmin ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {sittings.map((s) => (
            <tr key={s.sittingId} data-testid="sitting-row" data-sitting={s.sittingId} data-closed={s.closedAt !== null}>
              <th scope="row">{s.name}</th>
              <td>
                {s.examId} <span className="meta">{s.examVersion}</span>
              </td>
              <td>
                <code>{s.accessCode}</code>
              </td>
              <td>{windowText(s)}</td>
              <td data-testid="sitting-state">{stateText(s, now)}</td>
              <td>{s.attempts}</td>
              {isAdmin ? <td>{s.closedAt === null ? <CloseControl sitting={s} client={client} onClosed={onClosed} /> : null}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Close" asks first (closing cannot be undone from here); the focus follows each step. */
function CloseControl({ sitting, client, onClosed }: { sitting: SittingView; client: HubClient; onClosed(s: SittingView): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const errorId = useId();

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function close() {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const closed = await client.closeSitting(sitting.sittingId);
      setConfirming(false);
      onClosed(closed);
    } catch (error) {
      setProblem(describeFailure(error));
    } finally {
      setBusy(false);
    }
  }

  function cancel() {
    setConfirming(false);
    setProblem(null);
    // The row's button is back: the keyboard user continues from it.
    requestAnimationFrame(() => closeRef.current?.focus());
  }

  if (!confirming) {
    return (
      <button type="button" ref={closeRef} className="button" onClick={() => setConfirming(true)} data-testid="sitting-close" aria-label={`Close ${sitting.name}`}>
        Close
      </button>
    );
  }
  return (
    <div className="sitting-confirm" role="group" aria-label={`Close ${sitting.name}?`} aria-describedby={problem ? errorId : undefined}>
      <p className="meta">Close {sitting.name}? Candidates can no longer enroll with its code.</p>
      <button type="button" ref={confirmRef} className="button button--danger" onClick={() => void close()} aria-disabled={busy || undefined} data-testid="sitting-close-confirm">
        {busy ? 'Closing…' : 'Close sitting'}
      </button>{' '}
      <button type="button" className="button button--quiet" onClick={cancel} data-testid="sitting-close-cancel">
        Cancel
      </button>
      <p id={errorId} className="field-error" role="alert" data-testid="sitting-close-error">
        {problem ?? ''}
      </p>
    </div>
  );
}

/** A `datetime-local` value (the browser's time zone) as an ISO time with an offset; other text goes as typed, for the hub to refuse. */
function isoOf(local: string): string | undefined {
  if (local.trim() === '') return undefined;
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? local : at.toISOString();
}

function CreateSittingForm({ client, packages, onCreated }: { client: HubClient; packages: PackageChoice[]; onCreated(s: SittingView): void }) {
  const [name, setName] = useState('');
  const [accessCode, setAccessCode] = useState('');
  const [opens, setOpens] = useState('');
  const [closes, setCloses] = useState('');
  const [packageKey, setPackageKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const refs = { name: nameRef, accessCode: useRef<HTMLInputElement>(null), opens: useRef<HTMLInputElement>(null), closes: useRef<HTMLInputElement>(null), package: useRef<HTMLSelectElement>(null) };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const chosen = packages.find((p) => p.key === packageKey) ?? packages[0];
    const body: CreateSittingRequest = {
      name,
      ...(accessCode.trim() ? { accessCode: accessCode.trim() } : {}),
      ...(isoOf(opens) === undefined ? {} : { opens: isoOf(opens) }),
      ...(isoOf(closes) === undefined ? {} : { closes: isoOf(closes) }),
      // The hub's own exam is the default: only another package is named.
      ...(chosen && chosen !== packages[0] ? { package: { examId: chosen.examId, examVersion: chosen.examVersion } } : {}),
    };
    setBusy(true);
    setFieldErrors({});
    setFormError(null);
    try {
      const created = await client.createSitting(body);
      setName('');
      setAccessCode('');
      setOpens('');
      setCloses('');
      onCreated(created);
    } catch (error) {
      const { fields, rest } = fieldErrorsOf(error);
      setFieldErrors(fields);
      setFormError(rest);
      // The first field the hub refused is where the fix goes.
      const first = FIELD_NAMES.find((f) => fields[f] !== undefined);
      if (first) refs[first].current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const describedBy = (field: FieldName, hint?: string) => [hint, `sitting-${field}-error`].filter(Boolean).join(' ');
  const invalid = (field: FieldName) => (fieldErrors[field] ? true : undefined);
  const fieldError = (field: FieldName) => (
    <p id={`sitting-${field}-error`} className="field-error" data-testid={`sitting-${field}-error`}>
      {fieldErrors[field] ?? ''}
    </p>
  );

  /** The window's two ends: the same local date-and-time field. */
  const timeField = (field: 'opens' | 'closes', label: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label className="field-label" htmlFor={`sitting-${field}`}>
        {label} <span className="meta">(optional, your time zone)</span>
      </label>
      <input id={`sitting-${field}`} ref={refs[field]} className="input" type="datetime-local" value={value} onChange={(e) => set(e.target.value)} aria-invalid={invalid(field)} aria-describedby={describedBy(field)} />
      {fieldError(field)}
    </div>
  );

  return (
    <section className="sitting-create" aria-labelledby="sitting-create-title">
      <h2 id="sitting-create-title">Add a sitting</h2>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="sitting-form">
        <p className="field-error" role="alert" data-testid="sitting-form-error">
          {formError ?? ''}
        </p>
        <div className="field">
          <label className="field-label" htmlFor="sitting-name">
            Name
          </label>
          <input id="sitting-name" ref={nameRef} className="input" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} aria-invalid={invalid('name')} aria-describedby={describedBy('name', 'sitting-name-hint')} required />
          <p id="sitting-name-hint" className="field-hint">
            A room and a date, for example “Room B, 3 May”.
          </p>
          {fieldError('name')}
        </div>
        <div className="field">
          <label className="field-label" htmlFor="sitting-code">
            Access code <span className="meta">(optional)</span>
          </label>
          <input id="sitting-code" ref={refs.accessCode} className="input" value={accessCode} maxLength={64} autoComplete="off" spellCheck={false} onChange={(e) => setAccessCode(e.target.value)} aria-invalid={invalid('accessCode')} aria-describedby={describedBy('accessCode', 'sitting-code-hint')} />
          <p id="sitting-code-hint" className="field-hint">
            4 to 64 letters, digits or dashes. Left empty, the hub makes one up.
          </p>
          {fieldError('accessCode')}
        </div>
        {timeField('opens', 'Opens', opens, setOpens)}
        {timeField('closes', 'Closes', closes, setCloses)}
        <div className="field">
          <label className="field-label" htmlFor="sitting-package">
            Exam package
          </label>
          <select id="sitting-package" ref={refs.package} className="input" value={packageKey || (packages[0]?.key ?? '')} onChange={(e) => setPackageKey(e.target.value)} aria-invalid={invalid('package')} aria-describedby={describedBy('package', 'sitting-package-hint')}>
            {packages.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label}
              </option>
            ))}
          </select>
          <p id="sitting-package-hint" className="field-hint">
            The packages this hub already serves. Another package is added with vigil hub sitting add on the hub’s machine.
          </p>
          {fieldError('package')}
        </div>
        <button type="submit" className="button button--primary" aria-disabled={busy || undefined} data-testid="sitting-create">
          {busy ? 'Adding…' : 'Add sitting'}
        </button>
      </form>
    </section>
  );
}

/**
 * The hub's refusal split into messages per field (its `details.fields`, paths like
 * `body.accessCode`) and the rest, said in one sentence above the form.
 */
export function fieldErrorsOf(error: unknown): { fields: Partial<Record<FieldName, string>>; rest: string | null } {
  const fields: Partial<Record<FieldName, string>> = {};
  const details = error instanceof HubRequestError ? fieldDetailsSchema.safeParse(error.details) : null;
  const unplaced: string[] = [];
  if (details?.success) {
    for (const f of details.data.fields) {
      const name = f.path.replace(/^body\.?/, '').split(/[.[]/)[0] ?? '';
      const known = FIELD_NAMES.find((n) => n === name);
      if (known) fields[known] = `${FIELD_LABELS[known]} ${f.message}.`;
      else unplaced.push(f.path === 'body' ? f.message : `${f.path}: ${f.message}`);
    }
  }
  const placed = Object.keys(fields).length > 0;
  if (!placed) return { fields, rest: describeFailure(error) };
  return { fields, rest: unplaced.length > 0 ? `The hub refused the sitting: ${unplaced.join('; ')}.` : 'The hub refused the sitting: see the fields marked below.' };
}
