import "server-only";
import { AppError, DomainError, type DomainProblem, type DuplicateSubject, toAppError } from "@/lib/errors";

type Field = { field: string; message: string };
type Wording = { message: string; fields?: Field[] };

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/London" });

const oneField = (field: string, message: string, fieldMessage = message): Wording => ({
  message,
  fields: [{ field, message: fieldMessage }],
});

function duplicate(subject: DuplicateSubject): string {
  switch (subject.of) {
    case "anything":
      return "That already exists.";
    case "staff_email":
      return "An account with that email address already exists.";
    case "care_team_name":
      return "A care team with that name already exists. Choose another name.";
    case "admin_role":
      return `${subject.name} is already an admin.`;
    case "clinical_role":
      return `${subject.name} is already ${subject.role.toLowerCase()} in ${subject.teamName}.`;
  }
}

/** The sentence (and field messages) a user reads for each refusal of the data layer. */
export function wordingOf(problem: DomainProblem): Wording {
  switch (problem.kind) {
    case "organisation_keeps_an_admin":
      return {
        message: "The organisation must keep at least one active admin. Give someone else the admin role first.",
      };
    case "care_team_archived_by_database":
      return { message: "That care team is archived. Restore it first, or choose another team." };
    case "already_exists":
      return { message: duplicate(problem.subject) };
    case "change_not_permitted":
      return { message: "You do not have permission to make that change." };
    case "staff_not_found":
      return { message: "We could not find that staff member." };
    case "care_team_not_listed":
      return oneField("careTeamId", "Choose a care team from the list.");
    case "care_team_archived":
      return oneField(
        "careTeamId",
        `${problem.teamName} is archived. Restore it first, or choose another team.`,
        "That care team is archived.",
      );
    case "last_active_admin":
      return {
        message: `${problem.name} is the organisation's last active admin. Give someone else the admin role first.`,
      };
    case "own_clinical_role":
      return { message: "You cannot give yourself a clinical role. Ask another admin to do it." };
    case "admin_role_has_no_team":
      return problem.onField
        ? oneField(
            "careTeamId",
            "The admin role is not tied to a care team.",
            "Leave the care team empty for the admin role.",
          )
        : { message: "The admin role is not tied to a care team." };
    case "care_team_required":
      return oneField("careTeamId", "Choose the care team this role is for.");
    case "role_not_found":
      return { message: "That role was already removed, or does not exist." };
    case "own_role_move":
      return { message: "You cannot move your own clinical role to another care team. Ask another admin to do it." };
    case "already_in_care_team":
      return oneField("careTeamId", `${problem.name} is already in that care team.`, "Choose a different care team.");
    case "own_deactivation":
      return { message: "You cannot deactivate your own account. Ask another admin to do it." };
    case "already_deactivated":
      return { message: `${problem.name}'s account is already deactivated.` };
    case "already_active":
      return { message: `${problem.name}'s account is already active.` };
    case "own_mfa_reset":
      return { message: "You cannot reset your own second factor here. Ask another admin, or use Account security." };
    case "own_staff_change":
      return {
        message:
          "You asked for this change, or it is for your own account, so another admin must approve or refuse it.",
      };
    case "staff_change_decided":
      return { message: "Another admin has already approved or refused this change." };
    case "staff_change_not_found":
      return { message: "That change is no longer waiting. Reload the page to see the changes that are." };
    case "staff_change_stale":
      return {
        message:
          "Their roles have changed since this was asked, so it cannot be done as asked. Refuse it, and ask again if it is still needed.",
      };
    case "invite_deactivated":
      return { message: `${problem.name}'s account is deactivated. Reactivate it first.` };
    case "care_team_not_found":
      return { message: "We could not find that care team." };
    case "same_care_team_name":
      return oneField("name", "That is already the team's name.", "Enter a different name.");
    case "care_team_already_archived":
      return { message: `${problem.name} is already archived.` };
    case "care_team_has_members":
      return {
        message: `${problem.name} still has ${problem.roles} role${problem.roles === 1 ? "" : "s"} in it. Move those staff to another team, or remove their roles, first.`,
      };
    case "care_team_not_archived":
      return { message: `${problem.name} is not archived.` };
    case "organisation_not_found":
      return { message: "We could not find your organisation." };
    case "rota_not_kept":
      return { message: "Only the team's leads and the organisation's admins change its on-call rota." };
    case "on_call_not_team_clinician":
      return oneField("userId", "Choose a nurse or oncologist of this team: only they can be on call for it.");
    case "on_call_shift_overlaps":
      return oneField(
        "startsAt",
        `${problem.name} is already ${problem.position === 1 ? "first" : "second"} on call from ${when.format(problem.from)} to ${when.format(problem.to)}. Shifts in one position cannot overlap: choose other times, or remove that shift first.`,
      );
    case "on_call_shift_not_found":
      return { message: "That shift is no longer on the rota, or has ended. The page now shows the rota as it is." };
    case "escalation_contact_not_clinician":
      return oneField(
        "contactIds",
        "Choose escalation contacts from the list: each must be an active nurse or oncologist of the organisation.",
      );
    case "on_call_shift_invalid":
      return {
        message: problem.problems.length === 1 ? problem.problems[0].message : "Please correct the highlighted fields.",
        fields: problem.problems,
      };
    case "record_not_found":
      return { message: "We could not find that record." };
    case "note_too_long":
      return { message: `A note can be at most ${problem.max} characters.` };
    case "assignee_not_in_care_team":
      return oneField("assigneeId", "Choose a colleague from the alert's care team.");
    case "outcome_required":
      return { message: "Choose at least one outcome." };
    case "note_required":
      return oneField("note", "Write the note first.");
    case "newer_alert_active":
      return {
        message:
          "This alert cannot be reopened: the patient has a newer alert that is still open. Add to that one instead; it is at the top of the patient's alerts.",
      };
    case "device_name_invalid":
      return oneField(
        "name",
        "Please name the device.",
        `Name the device in 1 to ${problem.maxCharacters} characters, without control characters`,
      );
    case "hospital_number_enrolled":
      return oneField("hospitalNumber", "A patient with this hospital number is already enrolled.");
    case "enrolment_already_saved":
      return { message: "This enrolment was already saved. Find the patient in the patient list." };
    case "email_unusable":
      return oneField(
        "email",
        "This email address cannot be used for a new account.",
        "This email address cannot be used for a new account. Check it, or use another.",
      );
    case "report_not_stored":
      return { message: "This report could not be stored. Please send it again." };
    case "idempotency_key_reused":
      return oneField(
        "Idempotency-Key",
        "This Idempotency-Key was already used for a different report.",
        "Already used for a different report; use a new key for a new report.",
      );
    case "emergency_access_too_long":
      return oneField(
        "hours",
        `An emergency access can last at most ${problem.maxHours} hour${problem.maxHours === 1 ? "" : "s"} here.`,
        `Choose at most ${problem.maxHours} hour${problem.maxHours === 1 ? "" : "s"}.`,
      );
    case "emergency_reason_repeated":
      return oneField(
        "reason",
        "You opened this record in an emergency within the last hour with this reason. To renew the access, say why you still need it.",
        "Give a new reason: say why you still need the record.",
      );
    case "plan_not_found":
      return { message: "We could not find that treatment plan." };
    case "plan_version_conflict": {
      const detail = [problem.by ? `by ${problem.by}` : null, problem.at ? `at ${when.format(problem.at)}` : null]
        .filter(Boolean)
        .join(" ");
      return {
        message: `Someone else saved a change to this plan while you were editing it (version ${problem.version}${detail ? `, ${detail}` : ""}). Your changes were not saved. Reload the plan to see their version, then make your change again.`,
      };
    }
    case "plan_changed":
      return { message: new AppError("conflict").message };
    case "plan_invalid":
      return {
        message: problem.problems.length === 1 ? problem.problems[0].message : "Please correct the highlighted fields.",
        fields: problem.problems,
      };
  }
}

/**
 * Any thrown value as the AppError a user may see: a data-layer refusal gets its sentence, other
 * AppErrors pass through, anything else becomes a plain "unavailable" or "internal".
 */
export function userFacingError(error: unknown): AppError {
  if (error instanceof DomainError) {
    const { message, fields } = wordingOf(error.problem);
    return new AppError(error.code, message, fields);
  }
  return toAppError(error);
}
