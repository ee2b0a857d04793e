/** A labelled text input in a form's row. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  wide?: boolean;
  required?: boolean;
  placeholder?: string;
}) {
  return (
    <span class={props.wide ? 'field wide' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        required={props.required}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </span>
  );
}
