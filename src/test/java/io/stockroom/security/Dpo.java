package io.stockroom.security;

import io.stockroom.TestWarehouse;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.warehouse.Lake;
import java.util.Set;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** The customer-privacy service over a test warehouse without Trino, used by an admin (a data protection officer). */
final class Dpo {

    private Dpo() {}

    /** The service, with the admin "dpo" signed in on this thread (clear the context after the test). */
    static CustomerPrivacy signedIn(TestWarehouse w) {
        StaticListableBeanFactory none = new StaticListableBeanFactory();
        CustomerPrivacy privacy = new CustomerPrivacy(
                w.warehouse,
                new AuditTrail(w.warehouse),
                w.contracts,
                new ModelRunner(w.warehouse),
                none.getBeanProvider(LakeModels.class),
                none.getBeanProvider(Lake.class));
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        "dpo", null, Actor.authorities(Set.of(Role.ADMIN), Set.of(), Set.of())));
        return privacy;
    }
}
