import { useEffect } from 'react';
import { ExamOverview } from './screens/ExamOverview.js';
import { useApp } from './store/StoreProvider.js';

export function App() {
  const exam = useApp((s) => s.exam);
  const examError = useApp((s) => s.examError);
  const loadExam = useApp((s) => s.loadExam);

  useEffect(() => {
    void loadExam();
  }, [loadExam]);

  if (examError) {
    return (
      <main className="screen" role="alert">
        <h1>Vigil cannot load the exam</h1>
        <p>{examError}</p>
      </main>
    );
  }
  if (!exam) {
    return (
      <main className="screen" aria-busy="true">
        <p>Loading the exam…</p>
      </main>
    );
  }
  return <ExamOverview exam={exam} />;
}
