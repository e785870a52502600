package io.stockroom.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The one place the acting user comes from: the authenticated principal of the request, never a request body.
 * Outside a request (CLI, scheduler) it is {@link Actor#SYSTEM}.
 */
public final class CurrentActor {

    private CurrentActor() {}

    public static Actor get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return Actor.SYSTEM;
        }
        return Actor.of(auth);
    }

    /** The actor's store scope (all stores outside a request). */
    public static StoreScope scope() {
        return get().scope();
    }
}
