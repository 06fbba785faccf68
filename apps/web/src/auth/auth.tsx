import { InMemoryWebStorage, User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, must, setAccessToken } from '../api/client';

export interface DemoUser {
  userId: string;
  name: string;
  role: string;
  note?: string;
}

export interface PortalConfig {
  authMode: 'dev' | 'oidc';
  oidc?: { authority: string; clientId: string; scope: string };
  demoUsers: DemoUser[];
}

/** Who is signed in, as the token says (the API verifies it on every call; this only shapes the menus). */
export interface Session {
  userId: string;
  role: string;
  name: string;
}

interface AuthState {
  config: PortalConfig | null;
  session: Session | null;
  ready: boolean;
  signInAsDemoUser(userId: string): Promise<void>;
  signInWithProvider(): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export const CALLBACK_PATH = '/app/callback';
export const SILENT_CALLBACK_PATH = '/app/silent-callback';
/** Development tokens only: kept for the tab so a reload does not sign out. OIDC tokens stay in memory. */
const DEV_SESSION_KEY = 'chengguo.devToken';

function claims(token: string): Record<string, unknown> {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function sessionFrom(token: string, name?: string): Session | null {
  const c = claims(token);
  if (typeof c.sub !== 'string' || typeof c.role !== 'string') return null;
  if (typeof c.exp === 'number' && c.exp * 1000 < Date.now()) return null;
  return { userId: c.sub, role: c.role, name: name ?? (typeof c.name === 'string' ? c.name : c.sub) };
}

function userManager(config: PortalConfig): UserManager | null {
  if (config.authMode !== 'oidc' || !config.oidc) return null;
  const origin = window.location.origin;
  return new UserManager({
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    scope: config.oidc.scope,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    silent_redirect_uri: `${origin}${SILENT_CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code', // authorization code; oidc-client-ts always adds PKCE (S256)
    automaticSilentRenew: true,
    // Tokens never touch localStorage or sessionStorage: a script injected later cannot read them.
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
  });
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<PortalConfig | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [ready, setReady] = useState(false);
  const [manager, setManager] = useState<UserManager | null>(null);

  const adopt = useCallback((token: string | null, name?: string) => {
    const next = token ? sessionFrom(token, name) : null;
    setAccessToken(next ? token : null);
    setSession(next);
  }, []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const loaded = (await must(api.GET('/portal/config'))) as unknown as PortalConfig;
      if (cancelled) return;
      setConfig(loaded);
      const oidc = userManager(loaded);
      setManager(oidc);
      if (oidc) {
        const fromUser = (user: User | null) => adopt(user?.access_token ?? null, user?.profile.name);
        oidc.events.addUserLoaded(fromUser);
        oidc.events.addUserUnloaded(() => adopt(null));
        oidc.events.addSilentRenewError(() => adopt(null));
        const path = window.location.pathname;
        if (path === SILENT_CALLBACK_PATH) {
          await oidc.signinSilentCallback();
          return;
        }
        if (path === CALLBACK_PATH) {
          fromUser(await oidc.signinRedirectCallback());
          window.history.replaceState(null, '', '/app');
        } else {
          // Tokens live in memory, so a reload asks the provider again, silently when its session is alive.
          fromUser(await oidc.signinSilent().catch(() => null));
        }
      } else {
        const kept = sessionStorage.getItem(DEV_SESSION_KEY);
        const keptName = sessionStorage.getItem(`${DEV_SESSION_KEY}.name`) ?? undefined;
        if (kept) adopt(kept, keptName);
      }
      setReady(true);
    })().catch(() => setReady(true));
    return () => {
      cancelled = true;
    };
  }, [adopt]);

  const value = useMemo<AuthState>(
    () => ({
      config,
      session,
      ready,
      async signInAsDemoUser(userId: string) {
        const answer = (await must(api.POST('/portal/dev-login', { body: { userId } }))) as unknown as {
          accessToken: string;
          user: DemoUser;
        };
        sessionStorage.setItem(DEV_SESSION_KEY, answer.accessToken);
        sessionStorage.setItem(`${DEV_SESSION_KEY}.name`, answer.user.name);
        adopt(answer.accessToken, answer.user.name);
      },
      async signInWithProvider() {
        await manager?.signinRedirect();
      },
      async signOut() {
        sessionStorage.removeItem(DEV_SESSION_KEY);
        sessionStorage.removeItem(`${DEV_SESSION_KEY}.name`);
        adopt(null);
        if (manager) await manager.signoutRedirect().catch(() => manager.removeUser());
      },
    }),
    [config, session, ready, manager, adopt],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
