package io.stockroom.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** When the server starts with no account, it creates the first admin and prints its password once. */
@Component
@ConditionalOnWebApplication
class FirstAdmin {

    private final SignIn signIn;

    FirstAdmin(SignIn signIn) {
        this.signIn = signIn;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensure() {
        signIn.ensureFirstAdmin().ifPresent(System.out::println);
    }
}
