package io.stockroom.cli;

import io.stockroom.security.SignIn;
import java.io.PrintWriter;
import org.springframework.stereotype.Component;

/** What `demo` and `serve` print about signing in: a one-time link that signs in as the local admin, and how to add users. */
@Component
class SignInNotice {

    private final SignIn signIn;

    SignInNotice(SignIn signIn) {
        this.signIn = signIn;
    }

    void print(PrintWriter out, String baseUrl) {
        signIn.ensureFirstAdmin().ifPresent(out::println);
        signIn.loginLink(SignIn.ADMIN)
                .ifPresent(link -> out.println(
                        "Signed-in link for 'admin' (works once, valid 1 h): " + baseUrl.replaceAll("/$", "") + link));
        out.println(
                "Add users while serving: POST " + baseUrl.replaceAll("/$", "")
                        + "/api/v1/users {\"name\",\"password\",\"roles\":[\"buyer\"],\"stores\":[\"S001\"]}"
                        + " as admin; when stopped: stockroom users add NAME --role buyer [--store S001 | --area North]  (roles: docs/security.md)");
        out.println(
                "API tokens: POST /api/v1/tokens, or when stopped: stockroom tokens create NAME --role service [--expires-in P90D]");
        out.flush();
    }
}
