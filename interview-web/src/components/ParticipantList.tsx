import type { Participant } from '../lib/presence';

type Props = { readonly participants: readonly Participant[] };

/**
 * Who is in the room: a list named "Participants", one item per person with their colour and name (as
 * text: names are other people's input). `data-client-id` ties an item to that person's remote cursor,
 * whose classes are `yRemoteSelection-<id>` and `yRemoteSelectionHead-<id>`.
 */
export function ParticipantList({ participants }: Props) {
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
        </li>
      ))}
    </ul>
  );
}
