// An organisation's installation of renkei was revoked: the other parties' liaison officers and
// administrators are told in Slack, each through their own organisation's installation.
import { PermanentEffectError, type HandlersFor } from "../../effects/runner";
import { installationRevokedNotice } from "../views/slack-connect";
import { dm, userRc, type SlackEffectDeps } from "./support";

type Kinds = "notify_installation_revoked";

export function installationEffectHandlers(deps: SlackEffectDeps): HandlersFor<Kinds> {
  return {
    notify_installation_revoked: async ({ installationId, party, reason, userId }, effect) => {
      const installation = await deps.store.installations.find(installationId);
      if (!installation) throw new PermanentEffectError(`installation ${installationId} not found`);
      if (!installation.revokedAt) return; // installed again before this went out
      await dm(deps, effect, userId, installationRevokedNotice(userRc(deps, userId), { party, teamId: installation.teamId ?? installationId, reason, at: installation.revokedAt }));
    },
  };
}
