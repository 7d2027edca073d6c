package io.steward.server.platform.internal;

import io.steward.server.shared.RetryingTransactionTemplate;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;

/**
 * Steward's transactions are retried when PostgreSQL gives them up for another's (see
 * {@link RetryingTransactionTemplate}): {@code @Transactional} methods through an advisor ordered
 * ahead of the transaction interceptor, so each attempt is a whole new transaction with its tenant
 * setting, and code that draws transactions from the template through the template itself.
 */
@Configuration(proxyBeanMethods = false)
class TransactionRetry {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static DefaultPointcutAdvisor transactionRetryAdvisor() {
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(transactionalMethods(), new Interceptor());
        // Ahead of the transaction advisor (lowest precedence by default), so each attempt opens its own transaction.
        advisor.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        return advisor;
    }

    static Pointcut transactionalMethods() {
        ClassFilter ours = type -> type.getName().startsWith("io.steward.");
        return new ComposablePointcut(new AnnotationMatchingPointcut(Transactional.class, true))
                .union(new AnnotationMatchingPointcut(null, Transactional.class, true))
                .intersection(ours);
    }

    /** Runs the call again through the proxy chain behind it, so each attempt opens its own transaction. */
    record Interceptor() implements MethodInterceptor {
        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            if (!(invocation instanceof ProxyMethodInvocation proxied)) {
                return invocation.proceed();
            }
            String what = invocation.getMethod().getDeclaringClass().getSimpleName() + "." + invocation.getMethod().getName();
            try {
                return RetryingTransactionTemplate.retrying(what, () -> {
                    try {
                        return proxied.invocableClone().proceed();
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable checked) {
                        throw new Checked(checked);
                    }
                });
            } catch (Checked e) {
                throw e.getCause();
            }
        }
    }

    /** Carries a checked exception of the advised method through the retry unchanged. */
    private static final class Checked extends RuntimeException {
        Checked(Throwable cause) {
            super(cause);
        }
    }

    /** Spring Boot's transaction template, with the same retry for code that draws its transactions itself. */
    @Bean
    RetryingTransactionTemplate transactionTemplate(PlatformTransactionManager transactions) {
        return new RetryingTransactionTemplate(transactions);
    }
}
