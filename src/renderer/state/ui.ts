// Which dialog is open (at most one) and for which item: keyboard shortcuts stay quiet while one is. A decision
// dialog belongs to the item it was opened on, so it can never confirm onto another item that took its place.
import { create } from 'zustand';

export type DialogKind = 'edit' | 'reject' | 'escalate' | 'resolve' | 'shortcuts' | 'bulk-flag' | 'open-link' | null;
export const useUi = create<{ dialog: DialogKind; dialogItem: string | null }>(() => ({ dialog: null, dialogItem: null }));
export const openDialog = (dialog: DialogKind, itemId: string | null = null) => useUi.setState({ dialog, dialogItem: itemId });
export const closeDialog = () => useUi.setState({ dialog: null, dialogItem: null });
