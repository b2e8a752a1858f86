import { EmailChangeRequest, PasswordChangeRequest } from "@portier/shared/account-settings";
import { ResendEmailRequest } from "@portier/shared/signup";
import i18next from "i18next";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { initReactI18next } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "./api-client.ts";
import { createForm, type ErrorText } from "./form.ts";
import { en } from "./locales/en.ts";
import { noErrors, useProblem } from "./problem.ts";

/** The app's own error texts (problem.ts), in English: taken from a render of a component that asks for them. */
let text: ErrorText;

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ resources: { en: { translation: en } }, lng: "en", interpolation: { escapeValue: false } });
  const Probe = () => {
    text = useProblem();
    return null;
  };
  renderToString(createElement(Probe));
});

const problem = (status: number, code: string, errors?: { field: string; code: string; message: string }[]) =>
  new ApiError(status, { type: "about:blank", title: code, status, code, ...(errors ? { errors } : {}) });

/** A handler's promise, settled by the test. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const emailForm = () => createForm({ schema: EmailChangeRequest, initial: { email: "", password: "" } }, text);

describe("client-side validation with the shared schema", () => {
  it("shows each invalid field's message and does not call the handler", async () => {
    const form = emailForm();
    form.setValue("email", "not an address");
    let called = false;
    await form.submit(() => {
      called = true;
    });
    expect(called).toBe(false);
    expect(form.getState().errors).toEqual({ fields: { email: en.validation.email, password: en.validation.password } });
    expect(form.getState().pending).toBe(false);
  });

  it("hands the parsed request (trimmed, lower-cased) and the typed values to the handler", async () => {
    const form = emailForm();
    form.setValues({ email: "  New@Example.COM ", password: "hunter2 hunter2" });
    const seen: unknown[] = [];
    await form.submit((request, values) => {
      seen.push(request, values.email);
    });
    expect(seen).toEqual([{ email: "new@example.com", password: "hunter2 hunter2" }, "  New@Example.COM "]);
    expect(form.getState().errors).toBe(noErrors);
  });

  it("adds the form's own checks and messages, keeping the schema's first", async () => {
    const form = createForm(
      {
        schema: PasswordChangeRequest,
        initial: {
          currentPassword: "",
          newPassword: "correct horse battery",
          newPasswordAgain: "correct horse batteyr",
          endOtherSessions: true,
        },
        request: ({ currentPassword, newPassword, endOtherSessions }) => ({ currentPassword, newPassword, endOtherSessions }),
        check: (v) => (v.newPassword === v.newPasswordAgain ? {} : { newPasswordAgain: "no match", currentPassword: "not shown" }),
        message: (field) => (field === "currentPassword" ? "Say it" : undefined),
      },
      text,
    );
    await form.submit(() => {
      throw new Error("not reached");
    });
    expect(form.getState().errors.fields).toEqual({ currentPassword: "Say it", newPasswordAgain: "no match" });
  });
});

describe("server errors", () => {
  it("places the problem's field errors beside their fields, translated by their code", async () => {
    const form = emailForm();
    form.setValues({ email: "a@example.com", password: "secret" });
    await form.submit(() => {
      throw problem(422, "VALIDATION_FAILED", [{ field: "email", code: "EMAIL_TAKEN", message: "taken" }]);
    });
    expect(form.getState().errors).toEqual({ fields: { email: en.errors.EMAIL_TAKEN } });
  });

  it("shows an error that belongs to no field above the form", async () => {
    const form = emailForm();
    form.setValues({ email: "a@example.com", password: "secret" });
    await form.submit(() => Promise.reject(problem(401, "PASSWORD_INCORRECT")));
    expect(form.getState().errors).toEqual({ fields: {}, form: en.errors.PASSWORD_INCORRECT });
  });

  it("puts all of an answer beside one field when the form says so", () => {
    const form = emailForm();
    form.fail(problem(401, "PASSWORD_INCORRECT"), "password");
    expect(form.getState().errors).toEqual({ fields: { password: en.errors.PASSWORD_INCORRECT } });
  });

  it("shows a refused CAPTCHA beside the widget and clears the spent solution", async () => {
    const form = createForm({ schema: ResendEmailRequest, initial: { email: "a@example.com", captcha: "solution-1" } }, text);
    await form.submit(() => Promise.reject(problem(400, "CAPTCHA_INVALID")));
    expect(form.getState().errors.fields.captcha).toBe(en.errors.CAPTCHA_INVALID);
    expect(form.getState().values).toEqual({ email: "a@example.com", captcha: "" });
  });
});

describe("pending state", () => {
  it("is pending while the handler runs, ignores a second submit meanwhile, and clears the CAPTCHA after success too", async () => {
    const form = createForm({ schema: ResendEmailRequest, initial: { email: "a@example.com", captcha: "solution-1" } }, text);
    const states: boolean[] = [];
    form.subscribe(() => states.push(form.getState().pending));
    const request = deferred();
    let calls = 0;
    const handler = () => {
      calls++;
      return request.promise;
    };
    const first = form.submit(handler);
    expect(form.getState().pending).toBe(true);
    await form.submit(handler);
    expect(calls).toBe(1);
    request.resolve();
    await first;
    expect(form.getState().pending).toBe(false);
    expect(form.getState().values.captcha).toBe("");
    expect(states).toEqual([true, false]);
  });

  it("says the last submit succeeded until the next one starts, not after a failure or an error the handler showed", async () => {
    const form = emailForm();
    form.setValues({ email: "a@example.com", password: "secret" });
    await form.submit(() => undefined);
    expect(form.getState().succeeded).toBe(true);
    form.setValue("email", "");
    await form.submit(() => undefined);
    expect(form.getState().succeeded).toBe(false);
    form.setValue("email", "a@example.com");
    await form.submit(() => Promise.reject(problem(401, "PASSWORD_INCORRECT")));
    expect(form.getState().succeeded).toBe(false);
    await form.submit(() => {
      form.fail(problem(401, "PASSWORD_INCORRECT"), "password");
    });
    expect(form.getState()).toMatchObject({ succeeded: false, errors: { fields: { password: en.errors.PASSWORD_INCORRECT } } });
  });

  it("ends when the handler fails, and a new submit runs again", async () => {
    const form = emailForm();
    form.setValues({ email: "a@example.com", password: "secret" });
    const request = deferred();
    const first = form.submit(() => request.promise);
    expect(form.getState().pending).toBe(true);
    request.reject(new ApiError(0, null));
    await first;
    expect(form.getState()).toMatchObject({ pending: false, errors: { fields: {}, form: en.errors.NETWORK } });
    await form.submit(() => undefined);
    expect(form.getState().errors).toBe(noErrors);
  });
});
