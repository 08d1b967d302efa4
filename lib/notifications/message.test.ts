import { describe, expect, test } from "vitest";
import {
  accountLinkMessage,
  alertMessage,
  alertPushMessage,
  alertSmsMessage,
  reminderMessage,
  reminderPushMessage,
  retryDelayMs,
} from "./message";

describe("alert messages", () => {
  test("name the level and the team and link to the triage queue, nothing else", () => {
    const m = alertMessage({ severity: "red", teamName: "Breast Oncology", appUrl: "https://serums.example/" });
    expect(m.subject).toBe("Red alert for Breast Oncology");
    expect(m.text).toContain("https://serums.example/triage");
  });

  test("link to the alert itself when its id is known", () => {
    const m = alertMessage({
      severity: "red",
      teamName: "Breast Oncology",
      appUrl: "https://serums.example",
      alertId: "a1",
    });
    expect(m.text).toContain("Sign in to see it: https://serums.example/alerts/a1");
  });
});

describe("reminders to report", () => {
  test("say it is time, link to sign in and give the 24-hour line, and nothing else", () => {
    const m = reminderMessage({ appUrl: "https://serums.example/", hospitalLine: "0131 537 1000" });
    expect(m.subject).toBe("Time to tell your care team how you are");
    expect(m.text.split("\n")).toEqual([
      "It is time to tell your team how you are.",
      "",
      "Sign in to report: https://serums.example/report",
      "",
      "If you feel unwell, do not wait for a reminder: call the 24-hour line on 0131 537 1000, day or night. In an emergency, call 999.",
      "",
      "Please do not reply to this message.",
    ]);
  });
});

describe("in the recipient's language", () => {
  const alert = { teamName: "Longoncologie", appUrl: "https://serums.example", alertId: "a1" };

  test("a Dutch nurse reads a red alert, and its escalation, in Dutch", () => {
    const m = alertMessage({ ...alert, severity: "red", locale: "nl" });
    expect(m.subject).toBe("Rode waarschuwing voor Longoncologie");
    expect(m.text.split("\n")).toEqual([
      "Een rode waarschuwing wacht op Longoncologie.",
      "",
      "Meld u aan om die te zien: https://serums.example/alerts/a1",
      "",
      "Dit bericht bevat geen patiëntgegevens. Beantwoord dit bericht niet.",
    ]);
    const escalated = alertMessage({ ...alert, severity: "amber", step: "second", locale: "nl" });
    expect(escalated.subject).toBe("Oranje waarschuwing voor Longoncologie: nog niet bevestigd");
    expect(escalated.text).toMatch(/^Een oranje waarschuwing voor Longoncologie is niet op tijd bevestigd/);
  });

  test("the level agrees with the language's word for an alert", () => {
    expect(alertMessage({ ...alert, severity: "amber", locale: "es" }).subject).toBe("Alerta ámbar para Longoncologie");
    expect(alertMessage({ ...alert, severity: "red", locale: "ca" }).subject).toBe(
      "Alerta vermella per a Longoncologie",
    );
    expect(alertMessage({ ...alert, severity: "other", locale: "es" }).subject).toBe("Alerta nueva para Longoncologie");
  });

  test("push, text message, one-time link and reminder follow the same language", () => {
    expect(alertPushMessage({ ...alert, severity: "red", locale: "es" })).toEqual({
      title: "Alerta roja para Longoncologie",
      body: "Una alerta roja espera a Longoncologie. Inicie sesión para verla.",
      url: "https://serums.example/alerts/a1",
    });
    expect(alertSmsMessage({ ...alert, severity: "red", locale: "nl" })).toBe(
      "SERUMS: Rode waarschuwing voor Longoncologie. Meld u aan om die te zien: https://serums.example/alerts/a1",
    );
    const link = accountLinkMessage({ purpose: "reset", linkPath: "/activate/t", appUrl: alert.appUrl, locale: "ca" });
    expect(link.subject).toBe("Restableixi la seva contrasenya de SERUMS Oncologia");
    expect(link.text).toContain("https://serums.example/activate/t");
    const reminder = { appUrl: alert.appUrl, hospitalLine: "0131 537 1000", locale: "es" } as const;
    expect(reminderMessage(reminder).text).toContain("llame a la línea de 24 horas al 0131 537 1000");
    expect(reminderPushMessage(reminder).title).toBe("Es hora de contar a su equipo asistencial cómo se encuentra");
  });

  test("English when no language is given, word for word as before", () => {
    expect(alertSmsMessage({ ...alert, severity: "amber" })).toBe(
      "SERUMS: Amber alert for Longoncologie. Sign in to see it: https://serums.example/alerts/a1",
    );
    expect(alertPushMessage({ ...alert, severity: "red" }).body).toBe(
      "A red alert is waiting for Longoncologie. Sign in to see it.",
    );
    expect(accountLinkMessage({ purpose: "activate", linkPath: "/a", appUrl: alert.appUrl }).text).toMatch(
      /^Use this link to set up your SERUMS Oncology account. It works once, for 72 hours:/,
    );
  });
});

describe("retry delays", () => {
  test("double from 30 seconds, are capped, and stop after the last attempt", () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(5)).toBeNull();
    expect(retryDelayMs(9, 20)).toBe(15 * 60_000);
  });
});
