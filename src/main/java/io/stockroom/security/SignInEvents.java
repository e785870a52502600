package io.stockroom.security;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Sign-ins and failed sign-ins (passwords, links, OIDC, bearer JWTs) go to the audit log. */
@Component
class SignInEvents {

    private final AuditTrail audit;
    private final UserAccounts accounts;

    SignInEvents(AuditTrail audit, UserAccounts accounts) {
        this.audit = audit;
        this.accounts = accounts;
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        audit.record(
                Actor.of(event.getAuthentication()),
                new AuditTrail.Entry(
                        AuditTrail.Category.SIGN_IN,
                        "sign_in",
                        "session",
                        event.getGeneratedBy().getSimpleName(),
                        null,
                        null,
                        null,
                        "ok"));
        // a local account (password form, the demo's link): its last sign-in on the Accounts page. An OIDC user is
        // no local account, even under the same name
        if (event.getAuthentication().getPrincipal()
                instanceof org.springframework.security.core.userdetails.UserDetails) {
            String name = event.getAuthentication().getName();
            accounts.signedIn(name);
            // the session notes the password it began with now, not at its first request: a password changed
            // between the two would otherwise be taken as the one it began with (SessionAccountCheck)
            if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                    instanceof org.springframework.web.context.request.ServletRequestAttributes request) {
                jakarta.servlet.http.HttpSession session = request.getRequest().getSession(false);
                if (session != null) {
                    SessionAccountCheck.notePassword(session, accounts, name);
                }
            }
        }
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String name =
                event.getAuthentication() == null || event.getAuthentication().getName() == null
                        ? "unknown"
                        : event.getAuthentication().getName();
        if (name.length() > 100) {
            name = "bearer-token"; // a rejected JWT's "name" is the token itself: never store it
        }
        audit.record(
                Actor.named(name),
                new AuditTrail.Entry(
                        AuditTrail.Category.SIGN_IN,
                        "sign_in_failed",
                        "session",
                        event.getException().getClass().getSimpleName(),
                        null,
                        null,
                        null,
                        "denied"));
    }
}
