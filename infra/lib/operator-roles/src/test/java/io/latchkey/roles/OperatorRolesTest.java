package io.latchkey.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

class OperatorRolesTest {

    @Test
    void eachRoleIncludesTheOnesBelowIt() {
        assertEquals(Set.of(OperatorRoles.ADMIN, OperatorRoles.OPERATOR, OperatorRoles.VIEWER),
                OperatorRoles.implied(Set.of(OperatorRoles.ADMIN)));
        assertEquals(Set.of(OperatorRoles.OPERATOR, OperatorRoles.VIEWER),
                OperatorRoles.implied(Set.of(OperatorRoles.OPERATOR)));
        assertEquals(Set.of(OperatorRoles.VIEWER), OperatorRoles.implied(Set.of(OperatorRoles.VIEWER)));
        assertEquals(Set.of("offline_access"), OperatorRoles.implied(Set.of("offline_access")));
    }
}
