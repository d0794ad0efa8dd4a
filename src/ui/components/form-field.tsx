import type { ComponentChildren } from 'preact';

interface FieldBase {
  name: string;
  label: string;
  /** The message for this field when the form was refused; shown next to it, read with it. */
  error?: string;
  hint?: string;
  id?: string;
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function Field(props: FieldBase & { id: string; children: ComponentChildren }) {
  return (
    <div class={props.error ? 'field field--error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span class="field__error" id={`${props.id}-error`}>
          <span class="visually-hidden">错误：</span>
          {props.error}
        </span>
      ) : null}
      {props.children}
    </div>
  );
}

/** A text, date or number input that keeps what was typed and shows its error next to it. */
export function TextField(
  props: FieldBase & {
    value?: string | number | null;
    type?: 'text' | 'date' | 'number' | 'search' | 'password';
    autocomplete?: string;
    inputMode?: 'numeric' | 'text';
    maxLength?: number;
  },
) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <Field {...props} id={id}>
      <input
        // (Preact types each input type separately; the attributes used here suit every one of them.)
        type={(props.type ?? 'text') as 'text'}
        id={id}
        name={props.name}
        value={props.value === null || props.value === undefined ? '' : String(props.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
      />
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A select whose first option is "any" (the empty value); keeps the chosen value. */
export function SelectField(props: FieldBase & { value?: string | null; options: Option[]; anyLabel?: string }) {
  const id = props.id ?? `f-${props.name}`;
  const known = props.options.some((o) => o.value === props.value);
  return (
    <Field {...props} id={id}>
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.anyLabel !== undefined ? <option value="">{props.anyLabel}</option> : null}
        {/* A value that is not one of the options (refused) is kept, so the reader sees what was sent. */}
        {props.value && !known ? (
          <option value={props.value} selected>
            {props.value}
          </option>
        ) : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The list of a refused form's problems at its top, each linking to its field. */
export function ErrorSummary({ errors }: { errors: { field: string; message: string; id?: string }[] }) {
  if (!errors.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">请修改以下内容</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${e.id ?? `f-${e.field}`}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
