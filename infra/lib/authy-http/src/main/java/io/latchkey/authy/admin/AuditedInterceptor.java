package io.latchkey.authy.admin;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.latchkey.events.audit.AdminActionRecorded;
import io.latchkey.events.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Records a change made through an admin API as an {@link AdminActionRecorded} event, written to the outbox in
 * the transaction that commits the change: the resource method runs in that transaction (joined when it has one,
 * begun here when it calls transactional services), so a change is never without its record nor a record without
 * its change. A call that fails (a refusal, an error) rolls back with its record: only changes are recorded.
 * Who: the operator's name from the token; what: method, path and query, never a body (no secret can reach the log).
 * <p>
 * Outside {@code @Transactional}'s interceptor ({@code PLATFORM_BEFORE + 200}), so that the transaction is the same.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class AuditedInterceptor {

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentVertxRequest currentRequest;

    @Inject
    Outbox outbox;

    @AroundInvoke
    Object recordChange(InvocationContext invocation) throws Exception {
        HttpServerRequest request = currentRequest.getCurrent() == null ? null : currentRequest.getCurrent().request();
        if (request == null || request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
            return invocation.proceed();
        }
        // the roles check before this one admits no anonymous call; named anyway rather than failing the change
        String actor = identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
        AdminActionRecorded action = new AdminActionRecorded(actor, service,
                request.method().name(), request.path(), request.query());
        return QuarkusTransaction.joiningExisting().call(() -> {
            Object answer = invocation.proceed();
            outbox.publish(action);
            return answer;
        });
    }
}
