import type { StateCreator } from 'zustand';
import type { ExamView, VigilApi } from '../../../shared/contract.js';

export interface ExamSlice {
  exam: ExamView | null;
  examError: string | null;
  loadExam(): Promise<void>;
}

export const createExamSlice =
  (api: VigilApi): StateCreator<ExamSlice, [], [], ExamSlice> =>
  (set) => ({
    exam: null,
    examError: null,
    async loadExam() {
      try {
        const exam = await api.getExam({});
        set({ exam, examError: null });
      } catch (error) {
        set({ examError: error instanceof Error ? error.message : String(error) });
      }
    },
  });
