type Props = {
  readonly name: string;
  readonly onClick: () => void;
};

function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [name];
  return letters.map((part) => Array.from(part ?? '')[0] ?? '').join('').toUpperCase();
}

/** The visitor's name with an avatar; clicking it offers to change the name. */
export function NameChip({ name, onClick }: Props) {
  return (
    <button type="button" className="name-chip" onClick={onClick} aria-label={`${name}, change name`} title="Change name">
      <span className="name-chip__avatar" aria-hidden="true">
        {initials(name)}
      </span>
      <span className="name-chip__name">{name}</span>
    </button>
  );
}
