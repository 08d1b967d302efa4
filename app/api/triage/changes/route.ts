import { z } from "zod";
import { auditAlertsShown, clinicalTeamIds } from "@/app/(clinic)/triage/queue";
import { queueChangesSince } from "@/db/queries/alert-queue";
import { parseQueueState } from "@/lib/alerts/queue-state";
import { withoutForbiddenCharacters } from "@/lib/text";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { route } from "@/server/http/route";

/**
 * The triage queue's poll (every ~15 s from the browser): new alerts for the view the browser
 * shows, the current state of the alerts it shows (`ids`), and fresh counts. The view's own search
 * parameters (severity, team, mine, overdue, status) are passed through unchanged.
 *
 * GET /api/triage/changes?since=<ISO time of the previous answer>&ids=<uuid,uuid,...>&<view>
 */
const UUID_LIST =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(,[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}){0,99}$/i;
const text = z
  .string()
  .max(100)
  .refine(...withoutForbiddenCharacters("A view parameter"))
  .optional();

const input = z.strictObject({
  since: z.iso.datetime({ offset: true, error: "since must be an ISO 8601 time" }).optional(),
  ids: z.string().max(3800).regex(UUID_LIST, "ids must be up to 100 comma-separated alert ids").optional(),
  severity: text,
  team: text,
  mine: text,
  overdue: text,
  status: text,
  sort: text,
  dir: text,
  page: text,
  size: text,
});

/** How far back a first poll without `since` looks. */
const FIRST_POLL_WINDOW_MS = 60_000;

export const GET = route({
  name: "triage_queue_checked",
  roles: CLINICAL_ROLES,
  input,
  run: async (query, ctx) => {
    const at = now();
    const state = parseQueueState(query as Record<string, string | undefined>);
    const changes = await queueChangesSince(ctx.tx, {
      state,
      userId: ctx.user.userId,
      teamIds: clinicalTeamIds(ctx.user),
      now: at,
      since: query.since ? new Date(query.since) : new Date(at.getTime() - FIRST_POLL_WINDOW_MS),
      ids: query.ids ? query.ids.toLowerCase().split(",") : [],
    });
    // The new alerts are shown to the clinician: each patient's access log says so.
    auditAlertsShown(changes.added, ctx);
    ctx.annotate({
      resourceType: "triage_queue",
      details: { added: changes.added.length, updated: changes.updated.length },
    });
    return { now: at.toISOString(), ...changes };
  },
});
