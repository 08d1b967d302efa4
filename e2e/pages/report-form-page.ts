import { expect, type Locator, type Page } from "@playwright/test";

/**
 * The symptom questionnaire (components/reports/report-form.tsx): the patient's own at /report, and
 * the same questions a clinician fills in for a report taken by phone.
 */
export class ReportFormPage {
  readonly form: Locator;
  readonly temperature: Locator;
  readonly note: Locator;
  /** "Anything else bothering you today?": the other symptoms are asked only after "Yes". */
  readonly anythingElseGroup: Locator;
  readonly sameAsLastReport: Locator;
  /** What the form says once "Same as my last report" filled the answers in. */
  readonly filledNotice: Locator;
  /** The form's message when the report was not saved. */
  readonly error: Locator;

  constructor(
    readonly page: Page,
    readonly submitLabel = "Send my report",
  ) {
    this.form = page.getByRole("main").locator("form");
    this.temperature = page.getByLabel("Your temperature (°C)");
    this.anythingElseGroup = page.getByRole("group", { name: "Anything else bothering you today?" });
    this.sameAsLastReport = page.getByRole("button", { name: "Same as my last report" });
    this.filledNotice = page.getByRole("status").filter({ hasText: "filled in from" });
    this.note = page.getByLabel("Anything else your care team should know? (optional)");
    this.error = page.getByRole("main").getByRole("alert").filter({ hasText: "not saved" });
  }

  /** The patient's own form, once the draft has been read back and the questions are shown. */
  async goto() {
    await this.page.goto("/report");
    await this.expectShown();
  }

  async expectShown() {
    await expect(this.submit).toBeVisible();
  }

  get submit(): Locator {
    return this.page.getByRole("button", { name: this.submitLabel });
  }

  /** The questions of one symptom, e.g. "Nausea (feeling sick)". */
  symptom(label: string): Locator {
    return this.page.getByRole("group", { name: label, exact: true });
  }

  /**
   * One answer to one of a symptom's questions, picked by the question's key words (e.g. /how OFTEN/)
   * and the answer's label (e.g. "Frequently").
   */
  answer(symptom: string, question: RegExp, answer: string): Locator {
    return this.symptom(symptom)
      .getByRole("group", { name: question })
      .getByRole("radio", { name: answer, exact: true });
  }

  /** An answer to a symptom's first question, e.g. "Never". */
  firstAnswer(symptom: string, answer: string): Locator {
    return this.symptom(symptom).getByRole("group").first().getByRole("radio", { name: answer, exact: true });
  }

  anythingElse(answer: "Yes" | "No, nothing else"): Locator {
    return this.anythingElseGroup.getByRole("radio", { name: answer, exact: true });
  }

  /** Sends a report that triage grades red: a fever of `celsius`, grade-3 nausea, and it cannot wait. */
  async sendRedReport(celsius: string) {
    await this.temperature.fill(celsius);
    await answerGrade3Nausea(this);
    await this.canWait("No").check();
    await this.submit.click();
  }

  canWait(answer: "Yes" | "No"): Locator {
    return this.page
      .getByRole("group", { name: "Can this wait until your next appointment?" })
      .getByRole("radio", { name: answer, exact: true });
  }
}

/** Nausea answered "Frequently" and "Severe": composite grade 3 (lib/grading/pro-ctcae-composite-grading.json, freq_sev "33"). */
export const NAUSEA = "Nausea (feeling sick)";
export const HOW_OFTEN = /how OFTEN/;
export const SEVERITY = /SEVERITY/;

export async function answerGrade3Nausea(form: ReportFormPage) {
  await form.answer(NAUSEA, HOW_OFTEN, "Frequently").check();
  await form.answer(NAUSEA, SEVERITY, "Severe").check();
}
