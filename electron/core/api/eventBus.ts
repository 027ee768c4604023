import { events, type EventData, type EventName } from '../../../shared/contract.js';

export type EventListener = <E extends EventName>(event: E, data: EventData<E>) => void;

/** Services emit contract events here; each transport subscribes and forwards them. */
export interface EventBus {
  emit<E extends EventName>(event: E, data: EventData<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, data) {
      // Validate on the way out too: a malformed event is a bug caught here, not in the renderer.
      const checked = events[event].parse(data) as EventData<typeof event>;
      for (const listener of [...listeners]) listener(event, checked);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
