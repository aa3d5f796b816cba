/** The centred "Loading …" line of a page that is still fetching what it shows. */
export function LoadingMessage({ text }: { readonly text: string }) {
  return (
    <p className="loading" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {text}
    </p>
  );
}

type ErrorCardProps = {
  readonly title: string;
  readonly message: string;
  readonly onRetry: () => void;
};

/** A page's load failed: what failed, the reason (announced), and a way to try again. */
export function ErrorCard({ title, message, onRetry }: ErrorCardProps) {
  return (
    <div className="card message-card">
      <h1 className="card__title">{title}</h1>
      <p className="card__intro" role="alert">
        {message}
      </p>
      <button type="button" className="button button--primary" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
