// Tray icon with the count of items waiting (approvals + escalations), and the dock/launcher badge.
import { app, Menu, nativeImage, Tray } from 'electron';

export function createTray(iconPath: string, onOpen: () => void, onQuit: () => void): { update(count: number): void; destroy(): void } {
  let tray: Tray | null = null;
  try {
    const image = nativeImage.createFromPath(iconPath);
    tray = new Tray(image.isEmpty() ? nativeImage.createEmpty() : image.resize({ width: 16, height: 16 }));
    tray.setContextMenu(Menu.buildFromTemplate([{ label: 'Open Countersign', click: onOpen }, { type: 'separator' }, { label: 'Quit', click: onQuit }]));
    tray.on('click', onOpen);
  } catch {
    tray = null; // some Linux desktops have no tray; the badge still works where supported
  }
  return {
    update(count) {
      app.setBadgeCount(count); // macOS dock, Linux Unity launchers
      tray?.setToolTip(count ? `Countersign: ${count} waiting for you` : 'Countersign: nothing waiting');
      tray?.setTitle(count ? String(count) : ''); // macOS menu bar text
    },
    destroy() {
      tray?.destroy();
    },
  };
}
