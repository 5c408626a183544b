// What a use case needs: the store, the configuration and a clock (fixed in tests).
import type { RenkeiConfig } from "../config/renkei-config";
import type { Store } from "../store/store";

import type { Clock } from "../domain/clock";

export { systemClock, type Clock } from "../domain/clock";

export type AppContext = {
  store: Store;
  config: RenkeiConfig;
  clock: Clock;
};

/** Actor of the bot's own steps in the audit log. */
export const SYSTEM_ACTOR = "renkei";
