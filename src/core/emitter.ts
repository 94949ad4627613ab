// A tiny typed event emitter for the contract's events.
import type { EventName, EventPayload } from '../shared/contract.js';

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export class ContractEmitter {
  private readonly listeners = new Map<EventName, Set<(p: unknown) => void>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l(payload);
      } catch (err) {
        console.error(`[core] listener for ${event} threw:`, err);
      }
    }
  }
}
