package io.latchkey.console.web;

import io.latchkey.roles.OperatorRoles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The operator who is logged in, as the pages see them ({@code inject:operator}). What they may do decides which
 * controls a page shows; the services decide what they may do (each admin API checks the token's roles).
 */
@Named("operator")
@RequestScoped
public class Operator {

    @Inject
    SecurityIdentity identity;

    public String name() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    public boolean canRead() {
        return identity.hasRole(OperatorRoles.VIEWER);
    }

    /** Users' devices, lockouts and removal; redeliveries and replays. */
    public boolean canOperate() {
        return identity.hasRole(OperatorRoles.OPERATOR);
    }

    /** Applications, their settings and keys; imports. */
    public boolean canChangeApplications() {
        return identity.hasRole(OperatorRoles.ADMIN);
    }

    /** The highest of the operator's roles, as the header shows it. */
    public String role() {
        return canChangeApplications() ? "admin" : canOperate() ? "operator" : canRead() ? "viewer" : "no role";
    }
}
