import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/**
 * How the fields of one form are named on the page and find the server's message about them. A
 * field's control has the id `idOf(name)`; its message below the control, `${idOf(name)}-error`.
 */
export type FormFields = {
  idOf: (name: string) => string;
  /** The server's message about the field, if the last submission was refused because of it. */
  errorOf: (name: string) => string | undefined;
  /** Classes of each control (input, select, textarea), unless a field gives its own. */
  controlClassName: string;
  messageClassName: string;
  /** Classes of each label: "sr-only" where the control's place on the page says what it is. */
  labelClassName?: string;
};

/** The fields of a form whose controls' ids start with `prefix` (e.g. from useId). */
export function formFields(
  prefix: string,
  errorOf: (name: string) => string | undefined,
  classes: { control: string; message?: string; label?: string },
): FormFields {
  return {
    idOf: (name) => `${prefix}-${name.replaceAll(".", "-")}`,
    errorOf,
    controlClassName: classes.control,
    messageClassName: classes.message ?? "mt-1 text-red-800",
    labelClassName: classes.label,
  };
}

/** The id of the message about a field. */
export const messageIdOf = (fields: FormFields, name: string) => `${fields.idOf(name)}-error`;

/** The attributes that tie a field's control to the message about it, and to its hint if it has one. */
export function describedControl(fields: FormFields, name: string, hintId?: string) {
  const invalid = Boolean(fields.errorOf(name));
  return {
    id: fields.idOf(name),
    name,
    className: fields.controlClassName,
    "aria-invalid": invalid,
    "aria-describedby": [hintId, invalid ? messageIdOf(fields, name) : null].filter(Boolean).join(" ") || undefined,
  };
}

/** The server's message about a field, if the last submission was refused because of it. */
export function FieldMessage({ fields, name }: { fields: FormFields; name: string }) {
  const message = fields.errorOf(name);
  if (!message) return null;
  return (
    <p id={messageIdOf(fields, name)} className={fields.messageClassName}>
      {message}
    </p>
  );
}

type FieldProps = {
  fields: FormFields;
  /** The field's name: its control's name, and in the server's answer the name of the message about it. */
  name: string;
  label: ReactNode;
  /** A sentence between the label and the control, which describes the control. */
  hint?: ReactNode;
  /** Classes of the element around the label, the control and the message. */
  fieldClassName?: string;
};

/** One field of a form: its label above the control, the control, and below it the server's message. */
function Field({
  fields,
  name,
  label,
  hint,
  fieldClassName,
  control,
  children,
}: FieldProps & { control: (props: ReturnType<typeof describedControl>) => ReactNode; children?: ReactNode }) {
  const id = fields.idOf(name);
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={fieldClassName}>
      <label htmlFor={id} className={fields.labelClassName ?? "font-medium"}>
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-700">
          {hint}
        </p>
      )}
      {control(describedControl(fields, name, hintId))}
      <FieldMessage fields={fields} name={name} />
      {children}
    </div>
  );
}

/** A field's own props, and the rest for its control. */
function split<P extends FieldProps>({ fields, name, label, hint, fieldClassName, ...control }: P) {
  return [{ fields, name, label, hint, fieldClassName }, control] as const;
}

/** A labelled input; `children` follow the field's message (e.g. what the value will do). */
export function InputField({ children, ...props }: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  const [field, input] = split(props);
  return (
    <Field {...field} control={(described) => <input {...described} {...input} />}>
      {children}
    </Field>
  );
}

/** A labelled select; its options are the children. */
export function SelectField({
  children,
  ...props
}: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name">) {
  const [field, select] = split(props);
  return (
    <Field
      {...field}
      control={(described) => (
        <select {...described} {...select}>
          {children}
        </select>
      )}
    />
  );
}

/** A labelled textarea. */
export function TextAreaField(props: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">) {
  const [field, textarea] = split(props);
  return <Field {...field} control={(described) => <textarea {...described} {...textarea} />} />;
}
