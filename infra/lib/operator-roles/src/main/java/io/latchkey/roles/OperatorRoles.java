package io.latchkey.roles;

import java.util.HashSet;
import java.util.Set;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The three roles of operators (docs/operations.md "Operators' roles"), each including the ones below it: a viewer
 * reads, an operator also changes users and redelivers, an administrator also changes applications and their keys.
 * The identity provider may grant only the highest role (an administrator's token need not list the other two); this
 * augmentor adds the roles it implies, so that each admin endpoint names the lowest role that may call it.
 */
@ApplicationScoped
public class OperatorRoles implements SecurityIdentityAugmentor {

    public static final String VIEWER = "latchkey-viewer";
    public static final String OPERATOR = "latchkey-operator";
    public static final String ADMIN = "latchkey-admin";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> implied = implied(identity.getRoles());
        if (identity.getRoles().containsAll(implied)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(implied).build());
    }

    /** The roles granted and those they include. */
    public static Set<String> implied(Set<String> granted) {
        Set<String> roles = new HashSet<>(granted);
        if (roles.contains(ADMIN)) {
            roles.add(OPERATOR);
        }
        if (roles.contains(OPERATOR)) {
            roles.add(VIEWER);
        }
        return roles;
    }
}
