import type { Participant } from '../lib/presence';

type Props = {
  readonly participants: readonly Participant[];
  /** Interviewer only: removes someone else from the session. */
  readonly onRemove?: (participant: Participant) => void;
};

/**
 * Who is in the room: a list named "Participants", one item per person with their colour and name (as
 * text: names are other people's input). `data-client-id` ties an item to that person's remote cursor,
 * whose classes are `yRemoteSelection-<id>` and `yRemoteSelectionHead-<id>`.
 */
export function ParticipantList({ participants, onRemove }: Props) {
  return (
    <ul role="list" aria-label="Participants" className="participants">
      {participants.map((p) => (
        <li
          key={p.clientId}
          className="participant"
          data-client-id={p.clientId}
          data-color={p.color}
          data-local={p.isLocal ? 'true' : undefined}
          title={p.isLocal ? `${p.name} (you)` : p.name}
        >
          <span className="participant__dot" style={{ backgroundColor: p.color }} aria-hidden="true" />
          <span className="participant__name">{p.name}</span>
          {p.isLocal && <span className="participant__you"> (you)</span>}
          {onRemove !== undefined && !p.isLocal && (
            <button type="button" className="participant__remove" aria-label={`Remove ${p.name}`} title={`Remove ${p.name}`} onClick={() => onRemove(p)}>
              <svg viewBox="0 0 12 12" aria-hidden="true">
                <path d="M3 3l6 6M9 3l-6 6" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
              </svg>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
