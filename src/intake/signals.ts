/**
 * In-process wake-ups between the intake and the workers: when a transaction that wrote outbox
 * rows commits, the dispatcher in this process hears it at once instead of at its next poll.
 * (Other processes hear it through the database; see the notify module.)
 */
import { EventEmitter } from 'node:events';

export interface SignalMap {
  /** Outbox rows were committed. */
  outbox: [];
  /** Lead events were committed (for live views); the ids of the leads concerned. */
  leads: [leadIds: string[]];
}

export class Signals extends EventEmitter<SignalMap> {
  constructor() {
    super();
    this.setMaxListeners(100);
  }
}
