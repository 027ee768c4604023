import type { ExamPackage } from '../package/types.js';
import type { HandlerTable } from './handlerTable.js';

export interface AppServices {
  version: string;
  role: 'candidate' | 'proctor';
  platform: string;
  pkg: ExamPackage;
}

/** The composition of services behind the contract; transports never see the services directly. */
export function createHandlers(services: AppServices): HandlerTable {
  return {
    getAppInfo: () => ({ name: 'Vigil', version: services.version, role: services.role, platform: services.platform }),
    getExam: () => {
      const { $schema: _schema, ...view } = services.pkg.exam;
      return view;
    },
  };
}
