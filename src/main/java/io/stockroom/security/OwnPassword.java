package io.stockroom.security;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * A signed-in local account changes its own password in the browser ({@code POST /api/v1/me/password}): it gives the
 * current one, the new one is checked as an admin's would be, and the change is audited. The session that changed it
 * stays signed in; every other session of the account ends on its next request ({@link SessionAccountCheck}), as after
 * {@code stockroom users passwd}. An API token or an OIDC account has no password here to change.
 */
@Component
public class OwnPassword {

    /** Wrong current passwords in one session before it ends. */
    static final int MAX_WRONG = 5;

    private static final String WRONG = OwnPassword.class.getName() + ".wrong";

    private final UserAccounts accounts;
    private final AuditTrail audit;

    OwnPassword(UserAccounts accounts, AuditTrail audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    /** Whether the request's caller signed in with a local account's password (or the one-time link) in this browser. */
    public static boolean signedInLocally() {
        return SessionAccountCheck.localAccount(
                SecurityContextHolder.getContext().getAuthentication());
    }

    /** Changes the signed-in account's password from {@code current} to {@code next}. */
    public void change(HttpServletRequest request, String current, String next) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!SessionAccountCheck.localAccount(auth)) {
            throw new StockroomException(
                    ErrorCode.FORBIDDEN,
                    "Only a local account signed in with its password changes it here: an API token has no password,"
                            + " and an account of the sign-in provider (OIDC) changes its password there.");
        }
        String username = auth.getName();
        if (current == null || current.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'current_password' is required: type your current password.");
        }
        UserAccounts.checkPassword("new_password", next);
        UserAccounts.Row row = accounts.row(username)
                .orElseThrow(() -> new StockroomException(
                        ErrorCode.NOT_FOUND, "Your account '" + username + "' no longer exists; sign in again."));
        if (!accounts.encoder().matches(current, row.hash())) {
            audit.record(
                    Actor.of(auth),
                    new AuditTrail.Entry(
                            AuditTrail.Category.SIGN_IN,
                            "change_password_failed",
                            "user",
                            username,
                            null,
                            null,
                            null,
                            "denied"));
            // guessing the password from an open session is no way around the sign-in's throttle: after a few wrong
            // ones the session ends, and signing in again is throttled
            HttpSession session = request.getSession(false);
            int wrong = session == null || !(session.getAttribute(WRONG) instanceof Integer n) ? 1 : n + 1;
            if (session != null && wrong >= MAX_WRONG) {
                session.invalidate();
                SecurityContextHolder.clearContext();
                throw new StockroomException(
                        ErrorCode.FORBIDDEN,
                        "Parameter 'current_password' was wrong " + MAX_WRONG + " times: you are signed out. Sign in"
                                + " again, or ask an admin to set a new password (stockroom users passwd).");
            }
            if (session != null) {
                session.setAttribute(WRONG, wrong);
            }
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'current_password' is not your current password; nothing was changed. Type it again,"
                            + " or ask an admin to set a new one (stockroom users passwd).");
        }
        if (current.equals(next)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'new_password' is your current password: choose a different one.");
        }
        accounts.setPassword(username, next);
        // this session keeps going with the new password; the account's other sessions end on their next request
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(WRONG);
            SessionAccountCheck.notePassword(session, accounts, username);
        }
        audit.record(
                Actor.of(auth),
                new AuditTrail.Entry(
                        AuditTrail.Category.SIGN_IN, "change_password", "user", username, null, null, null, "ok"));
    }
}
