// Which dialog is open (at most one): keyboard shortcuts stay quiet while one is.
import { create } from 'zustand';

export type DialogKind = 'edit' | 'reject' | 'escalate' | 'shortcuts' | null;
export const useUi = create<{ dialog: DialogKind }>(() => ({ dialog: null }));
export const openDialog = (dialog: DialogKind) => useUi.setState({ dialog });
export const closeDialog = () => useUi.setState({ dialog: null });
