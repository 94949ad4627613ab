// A modal dialog on the native <dialog> element: focus is trapped, the page behind is inert, Esc cancels.
import { useEffect, useId, useRef } from 'react';

interface Props {
  title: string;
  onCancel: () => void;
  children: React.ReactNode;
  className?: string;
  describedBy?: string;
}

export function Dialog({ title, onCancel, children, className, describedBy }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const before = document.activeElement as HTMLElement | null;
    if (!d.open) d.showModal();
    // Focus the first field (or the first button) so Enter/typing work at once.
    const first = d.querySelector<HTMLElement>('[data-autofocus], textarea, input, select, button');
    first?.focus();
    return () => {
      if (d.open) d.close();
      before?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${className ? ' ' + className : ''}`}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
