package io.stockroom.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The one place the acting user comes from: the authenticated principal of the request, never a request body.
 * Outside a request (CLI, scheduler) it is {@link Actor#SYSTEM}; in a request nobody signed in to it is
 * {@link Actor#ANONYMOUS}.
 */
public final class CurrentActor {

    private CurrentActor() {}

    public static Actor get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn(auth)) {
            return Actor.of(auth);
        }
        // a request refused before anyone signed in (no CSRF token, say) is a stranger's, not the system's: its audit
        // row must not read as the admin-role system account
        return RequestContextHolder.getRequestAttributes() == null ? Actor.SYSTEM : Actor.ANONYMOUS;
    }

    /** Whether {@code auth} is someone who signed in (not nobody, not Spring's anonymous stand-in). */
    public static boolean signedIn(Authentication auth) {
        return auth != null && !(auth instanceof AnonymousAuthenticationToken) && auth.isAuthenticated();
    }

    /**
     * The task as it should run on another thread (a background run, an upload's transform): as the user who asked
     * for it, so its audit rows and scope are theirs and not {@code system}.
     */
    public static Runnable carry(Runnable task) {
        return org.springframework.security.concurrent.DelegatingSecurityContextRunnable.create(
                task, SecurityContextHolder.getContext());
    }

    /** The actor's store scope (all stores outside a request). */
    public static StoreScope scope() {
        return get().scope();
    }
}
