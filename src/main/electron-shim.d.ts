// TYPECHECK ONLY. Electron's binary cannot be downloaded on this project's build machines, so the `electron`
// package (an optionalDependency) is absent and `tsc` cannot see its types. This declares the small part of
// Electron's API the shell and preload use, with Electron's own signatures. Delete this file where the real
// `electron` package is installed (its bundled electron.d.ts then takes over). See docs/packaging.md.
declare module 'electron' {
  type Listener = (...args: any[]) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

  interface EventEmitterLike {
    on(event: string, listener: Listener): this;
    once(event: string, listener: Listener): this;
    removeListener(event: string, listener: Listener): this;
  }

  export interface NativeImage {
    isEmpty(): boolean;
    resize(o: { width: number; height: number }): NativeImage;
  }
  export const nativeImage: { createFromPath(path: string): NativeImage; createEmpty(): NativeImage };

  export interface WebFrameMain {
    url: string;
  }
  export interface IpcMainInvokeEvent {
    senderFrame: WebFrameMain | null;
    sender: WebContents;
  }
  export interface IpcRendererEvent {
    sender: unknown;
  }

  export interface HandlerDetails {
    url: string;
  }
  export interface WebContents extends EventEmitterLike {
    id: number;
    send(channel: string, ...args: unknown[]): void;
    setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'allow' | 'deny' }): void;
    getURL(): string;
    isDestroyed(): boolean;
  }

  export interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    webSecurity?: boolean;
    spellcheck?: boolean;
  }
  export interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    icon?: string | NativeImage;
    backgroundColor?: string;
    webPreferences?: WebPreferences;
  }
  export class BrowserWindow implements EventEmitterLike {
    constructor(options?: BrowserWindowConstructorOptions);
    webContents: WebContents;
    on(event: string, listener: Listener): this;
    once(event: string, listener: Listener): this;
    removeListener(event: string, listener: Listener): this;
    loadURL(url: string): Promise<void>;
    loadFile(path: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
    static getAllWindows(): BrowserWindow[];
  }

  export interface OnHeadersReceivedListenerDetails {
    url: string;
    responseHeaders?: Record<string, string[]>;
  }
  export interface Session {
    webRequest: {
      onHeadersReceived(listener: (details: OnHeadersReceivedListenerDetails, callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void) => void): void;
    };
    setPermissionRequestHandler(handler: ((webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  }
  export const session: { defaultSession: Session };

  export const app: EventEmitterLike & {
    isPackaged: boolean;
    whenReady(): Promise<void>;
    getPath(name: 'userData' | 'home' | 'temp'): string;
    getVersion(): string;
    requestSingleInstanceLock(): boolean;
    setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
    setBadgeCount(count?: number): boolean;
    setAppUserModelId(id: string): void;
    quit(): void;
    exit(code?: number): void;
  };

  export const ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<unknown> | unknown): void; // eslint-disable-line @typescript-eslint/no-explicit-any
    removeHandler(channel: string): void;
  };

  export const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
    removeListener(channel: string, listener: (...args: any[]) => void): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  export const contextBridge: { exposeInMainWorld(apiKey: string, api: unknown): void };

  export class Notification implements EventEmitterLike {
    constructor(options?: { title?: string; body?: string; silent?: boolean; icon?: string | NativeImage });
    static isSupported(): boolean;
    show(): void;
    on(event: string, listener: Listener): this;
    once(event: string, listener: Listener): this;
    removeListener(event: string, listener: Listener): this;
  }

  export interface MenuItemConstructorOptions {
    label?: string;
    type?: 'normal' | 'separator';
    enabled?: boolean;
    click?: () => void;
  }
  export class Menu {
    static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
  }
  export class Tray {
    constructor(image: NativeImage | string);
    setToolTip(toolTip: string): void;
    setTitle(title: string): void;
    setContextMenu(menu: Menu | null): void;
    on(event: string, listener: Listener): this;
    destroy(): void;
  }

  export const shell: { openExternal(url: string): Promise<void> };

  export const safeStorage: {
    isEncryptionAvailable(): boolean;
    encryptString(plainText: string): Buffer;
    decryptString(encrypted: Buffer): string;
  };
}

declare namespace NodeJS {
  interface Process {
    /** Electron: the app's resources folder (where extraResources land). */
    resourcesPath: string;
  }
}
