import { useRef, useState, type FormEvent } from 'react';
import type { ExamView } from '../../../shared/contract.js';
import { AppHeader } from '../components/AppHeader.js';
import { describeMinutes } from '../lib/format.js';
import { useApp } from '../store/StoreProvider.js';

type Field = 'candidateId' | 'candidateName' | 'accessCode';

/** The first screen: which exam this is and how long it takes, then who is taking it. */
export function CheckIn({ exam }: { exam: ExamView }) {
  const checkIn = useApp((s) => s.checkIn);
  const proctored = exam.mode === 'proctored';
  const [values, setValues] = useState<Record<Field, string>>({ candidateId: '', candidateName: '', accessCode: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refs = { candidateId: useRef<HTMLInputElement>(null), candidateName: useRef<HTMLInputElement>(null), accessCode: useRef<HTMLInputElement>(null) };
  const alertRef = useRef<HTMLDivElement>(null);
  const itemCount = exam.sections.reduce((n, s) => n + s.items.length, 0);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: Partial<Record<Field, string>> = {};
    if (!values.candidateId.trim()) found.candidateId = 'Enter your candidate id.';
    if (!values.candidateName.trim()) found.candidateName = 'Enter your name.';
    if (proctored && !values.accessCode.trim()) found.accessCode = 'Enter the access code your proctor gave you.';
    setErrors(found);
    setServerError(null);
    const first = (['candidateId', 'candidateName', 'accessCode'] as const).find((f) => found[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    setBusy(true);
    const outcome = await checkIn({
      candidateId: values.candidateId.trim(),
      candidateName: values.candidateName.trim(),
      ...(proctored ? { accessCode: values.accessCode.trim() } : {}),
    });
    setBusy(false);
    if (!outcome.ok) {
      if (outcome.code === 'forbidden' && proctored) {
        setErrors({ accessCode: 'This access code was not accepted. Check it with your proctor.' });
        setServerError(outcome.message);
        refs.accessCode.current?.focus();
      } else {
        setServerError(outcome.message);
        alertRef.current?.focus();
      }
    }
  }

  const field = (name: Field, label: string, hint?: string, autoComplete = 'off') => (
    <div className="field">
      <label htmlFor={`checkin-${name}`} className="field-label">
        {label}
      </label>
      {hint ? (
        <p id={`checkin-${name}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input
        ref={refs[name]}
        id={`checkin-${name}`}
        name={name}
        className="input"
        type="text"
        autoComplete={autoComplete}
        spellCheck={false}
        value={values[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={[hint ? `checkin-${name}-hint` : '', errors[name] ? `checkin-${name}-error` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => setValues({ ...values, [name]: e.currentTarget.value })}
      />
      {errors[name] ? (
        <p id={`checkin-${name}-error`} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {errors[name]}
        </p>
      ) : null}
    </div>
  );

  return (
    <>
      <AppHeader title={exam.title} />
      <main id="main" className="screen" aria-labelledby="exam-title" data-screen="check-in">
        <h1 id="exam-title">{exam.title}</h1>
        <ul className="facts" aria-label="About this exam">
          <li data-testid="exam-duration">
            <strong>Duration:</strong> {describeMinutes(exam.timing.durationMinutes)}
          </li>
          <li>
            <strong>Questions:</strong> {itemCount} in {exam.sections.length} section{exam.sections.length === 1 ? '' : 's'}
          </li>
          <li>
            <strong>Mode:</strong> {proctored ? 'Proctored exam' : 'Practice exam (nothing here counts)'}
          </li>
        </ul>
        <h2>Check in</h2>
        <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} aria-describedby={serverError ? 'checkin-alert' : undefined}>
          {field('candidateId', 'Candidate id', 'As printed on your invitation.')}
          {field('candidateName', 'Full name', undefined, 'name')}
          {proctored ? field('accessCode', 'Access code', 'Your proctor gives you this code in the room.') : null}
          <div ref={alertRef} id="checkin-alert" role="alert" tabIndex={-1} className={serverError ? 'alert' : 'alert alert--empty'}>
            {serverError ? (
              <>
                <span aria-hidden="true">⚠ </span>
                {serverError}
              </>
            ) : null}
          </div>
          <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
            {busy ? 'Checking in…' : 'Check in'}
          </button>
        </form>
      </main>
    </>
  );
}
