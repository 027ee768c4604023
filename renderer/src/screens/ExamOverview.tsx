import type { ExamView } from '../../../shared/contract.js';

/** The exam as loaded through the API: title, length and sections. */
export function ExamOverview({ exam }: { exam: ExamView }) {
  const itemCount = exam.sections.reduce((n, s) => n + s.items.length, 0);
  return (
    <main className="screen" aria-labelledby="exam-title">
      <h1 id="exam-title">{exam.title}</h1>
      <p className="meta">
        {exam.timing.durationMinutes} minutes · {itemCount} questions · {exam.mode === 'practice' ? 'Practice' : 'Proctored'}
      </p>
      <h2>Sections</h2>
      <ol className="sections">
        {exam.sections.map((s) => (
          <li key={s.id}>
            {s.title} <span className="meta">({s.items.length} questions)</span>
          </li>
        ))}
      </ol>
    </main>
  );
}
