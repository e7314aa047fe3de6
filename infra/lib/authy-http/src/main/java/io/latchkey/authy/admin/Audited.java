package io.latchkey.authy.admin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * On an admin resource: every change it makes (any method but GET and HEAD that answers without an error) is
 * recorded in the audit log, in the same transaction as the change ({@link AuditedInterceptor}).
 */
@InterceptorBinding
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {
}
