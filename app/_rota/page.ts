import type { Tx } from "@/db/client";
import { type Rota, readRota } from "@/db/queries/rota";
import { AppError } from "@/lib/errors";
import { ROTA_WINDOW_DAYS } from "@/lib/notifications/rota";
import { isUuid } from "@/lib/uuid";

/** The team id of a rota page's address; one that is not an id finds no team, like an unknown one. */
export function rotaTeamId(teamId: string): string {
  return isUuid(teamId) ? teamId.toLowerCase() : "00000000-0000-0000-0000-000000000000";
}

/** A team's rota over the window the pages show from `at`; a team the reader cannot see is not found. */
export async function readRotaWindow(tx: Tx, organisationId: string, teamId: string, at: Date): Promise<Rota> {
  const rota = await readRota(tx, {
    organisationId,
    teamId,
    from: at,
    to: new Date(at.getTime() + ROTA_WINDOW_DAYS * 86_400_000),
  });
  if (!rota) throw new AppError("not_found");
  return rota;
}
