import type { ExamView, VigilApi } from '../../../shared/contract.js';
import type { Slice, StoreDeps } from './storeTypes.js';

export interface ExamSlice {
  /** The API client the store is built on, for views that call it directly (the coding workspace). */
  api: VigilApi;
  exam: ExamView | null;
  examError: string | null;
  loadExam(): Promise<void>;
}

export const createExamSlice =
  ({ api }: StoreDeps): Slice<ExamSlice> =>
  (set, get) => ({
    api,
    exam: null,
    examError: null,
    async loadExam() {
      try {
        const exam = await api.getExam({});
        set({ exam, examError: null });
        // The attempt may have arrived first: its position needs the exam's item order.
        const attempt = get().attempt;
        if (attempt) get().restoreNav(attempt);
      } catch (error) {
        set({ examError: error instanceof Error ? error.message : String(error) });
      }
    },
  });
