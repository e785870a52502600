package io.stockroom.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A session signed in with a local account (password or the one-time link) holds the roles and stores the account had
 * at sign-in. On each request the account is read again: when it was removed, disabled, given other roles, stores or
 * areas or a new password, the session ends there and the request goes on as nobody's (401 for the API, the sign-in page for pages).
 * Before, a removed user kept their access until the session timed out (8 h).
 */
final class SessionAccountCheck extends OncePerRequestFilter {

    /** The session attribute that notes the account's password stamp ({@link UserAccounts.Row#passwordStamp()}). */
    static final String PASSWORD_STAMP = SessionAccountCheck.class.getName() + ".password";

    private final UserAccounts accounts;
    private final AuditTrail audit;

    SessionAccountCheck(UserAccounts accounts, AuditTrail audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        HttpSession session = request.getSession(false);
        if (session != null && localAccount(auth) && !stillGranted(auth.getName(), auth, session)) {
            audit.record(
                    Actor.of(auth),
                    new AuditTrail.Entry(
                            AuditTrail.Category.SIGN_IN,
                            "session_ended",
                            "session",
                            "user:" + auth.getName(),
                            null,
                            null,
                            null,
                            "denied",
                            null,
                            null,
                            "the account was removed, disabled, changed or given a new password since it signed in"));
            session.invalidate();
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }

    /**
     * Signed in with a local account of this server, at the sign-in page (its details are the request's) or with the
     * one-time link. A principal made up elsewhere (a test's mock user), a token or an OIDC account is none.
     */
    static boolean localAccount(Authentication auth) {
        return CurrentActor.signedIn(auth)
                && auth.getPrincipal() instanceof UserDetails
                && (auth.getDetails() instanceof WebAuthenticationDetails
                        || auth instanceof org.springframework.security.authentication.ott.OneTimeTokenAuthentication);
    }

    /** Notes in {@code session} the password {@code username} has now: a later change of it ends the session. */
    static void notePassword(HttpSession session, UserAccounts accounts, String username) {
        accounts.row(username).ifPresent(row -> session.setAttribute(PASSWORD_STAMP, row.passwordStamp()));
    }

    /**
     * Whether the account exists, is enabled, grants what the session holds (roles, permissions, stores, areas) and has
     * the password it had when the session began (the first request after sign-in notes it): a password changed with
     * {@code stockroom users passwd} ends the sessions open with the old one.
     */
    private boolean stillGranted(String username, Authentication auth, HttpSession session) {
        Optional<UserAccounts.Row> row = accounts.row(username);
        if (row.isEmpty() || row.get().account().disabled()) {
            return false;
        }
        UserAccounts.Account a = row.get().account();
        if (!granted(Actor.authorities(a.roles(), a.stores(), a.areas())).equals(granted(auth.getAuthorities()))) {
            return false;
        }
        String stamp = row.get().passwordStamp();
        Object held = session.getAttribute(PASSWORD_STAMP);
        if (held == null) {
            session.setAttribute(PASSWORD_STAMP, stamp);
            return true;
        }
        return held.equals(stamp);
    }

    /** Stockroom's own authorities (Spring adds others, such as the factor a user signed in with). */
    private static Set<String> granted(java.util.Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
                .map(GrantedAuthority::getAuthority)
                .filter(s -> s != null
                        && (s.startsWith("ROLE_")
                                || s.startsWith("PERM_")
                                || s.startsWith("STORE_")
                                || s.startsWith("AREA_")))
                .collect(Collectors.toSet());
    }
}
