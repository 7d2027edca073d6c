package io.steward.server.identity.internal;

import java.io.IOException;
import java.util.Map;

import io.steward.server.identity.IdentityProperties;
import io.steward.server.platform.HttpProblems;
import io.steward.server.shared.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The single access-control layer. Deny by default: every route is listed with who may reach it
 * and anything unlisted is refused. Pages use form sign-in with a server-side session; the API
 * takes the same session (with CSRF) or a bearer token (without, as it is not ambient).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class SecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final String[] STAFF = {Role.MSP_ADMIN.name(), Role.SERVICE_MANAGER.name(), Role.TECHNICIAN.name()};
    private static final String[] EVERYONE = {Role.MSP_ADMIN.name(), Role.SERVICE_MANAGER.name(), Role.TECHNICIAN.name(),
            Role.CLIENT_USER.name()};

    @Bean
    PasswordEncoder passwordEncoder() {
        // Argon2id now; the id prefix leaves room to move on without forcing resets.
        return new DelegatingPasswordEncoder("argon2", Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, PasswordSignIn passwordSignIn, ApiTokens tokens,
                                            LoginThrottle throttle, UserRepository users,
                                            SecurityContextRepository contexts, org.springframework.beans.factory.ObjectProvider<io.steward.server.identity.FormTargets> formTargets)
            throws Exception {
        http.authenticationManager(new ProviderManager(passwordSignIn))
                .securityContext(c -> c.securityContextRepository(contexts))
                .addFilterBefore(new BearerTokenFilter(tokens, throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new SessionGuardFilter(users), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/error", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // The agent's files are public software (the enrollment token is the secret): a device being
                        // installed has no session. Exactly these names, GET only; they hold nothing of any MSP (a release jar
                        // is served only while it rolls out, and devices check it against the manifest signed by the release key).
                        .requestMatchers(HttpMethod.GET, "/downloads/steward-agent.jar", "/downloads/steward-agent",
                                "/downloads/steward-agent.service", "/downloads/steward-agent_amd64.deb", "/downloads/steward-agent.x86_64.rpm", "/downloads/agent-release.jar").permitAll()
                        .requestMatchers("/api/docs", "/api/docs/**", "/api/docs.json", "/api/docs.json/**", "/api/swagger-ui/**").permitAll()
                        .requestMatchers("/actuator/prometheus").hasRole(Role.MSP_ADMIN.name())
                        // Passkey sign-in: the assertion is the credential, checked against the session's one-use challenge.
                        .requestMatchers(HttpMethod.POST, "/login/passkey").permitAll()
                        .requestMatchers("/login/mfa").hasAuthority(SignInStage.MFA_CHALLENGE.authority())
                        .requestMatchers("/account/password").hasAnyAuthority(withStage(SignInStage.PASSWORD_CHANGE))
                        .requestMatchers("/account/mfa", "/account/mfa/**").hasAnyAuthority(withStage(SignInStage.MFA_ENROLL))
                        .requestMatchers("/logout").authenticated()
                        .requestMatchers("/account", "/account/**").hasAnyRole(EVERYONE)
                        .requestMatchers("/portal", "/portal/**").hasRole(Role.CLIENT_USER.name())
                        .requestMatchers("/admin/**").hasRole(Role.MSP_ADMIN.name())
                        .requestMatchers("/settings/mailboxes", "/settings/mailboxes/**", "/api/v1/mailboxes", "/api/v1/mailboxes/**")
                        .hasRole(Role.MSP_ADMIN.name())
                        .requestMatchers("/", "/clients", "/clients/**", "/sites/**", "/contacts/**", "/servicedesk", "/servicedesk/**",
                                "/devices", "/devices/**", "/alerts", "/alerts/**", "/reports", "/reports/**", "/tiers", "/tiers/**", "/calendars/**",
                                "/contracts/**", "/tickets/**", "/notifications", "/notifications/**", "/sla/**", "/software").hasAnyRole(STAFF)
                        .requestMatchers("/api/v1/me", "/api/v1/me/**").hasAnyRole(EVERYONE)
                        // The MSP's logo is on every report, the portal's included; only admins change it.
                        .requestMatchers(HttpMethod.GET, "/api/v1/msp/logo").hasAnyRole(EVERYONE)
                        .requestMatchers("/api/v1/msp", "/api/v1/msp/**").hasRole(Role.MSP_ADMIN.name())
                        .requestMatchers("/api/v1/clients", "/api/v1/clients/**", "/api/v1/sites/**", "/api/v1/contacts/**",
                                "/api/v1/tickets", "/api/v1/tickets/**").hasAnyRole(EVERYONE)
                        .requestMatchers("/api/v1/priority-matrix", "/api/v1/sla/**", "/api/v1/changes/**", "/api/v1/dashboard").hasAnyRole(STAFF)
                        // Tasks (issue 17): staff only; the task service decides who may request, approve and see output.
                        .requestMatchers("/tasks", "/tasks/**", "/api/v1/tasks", "/api/v1/tasks/**").hasAnyRole(STAFF)
                        // Outbound webhooks: the service lets MSP admins and service managers in (issue 16).
                        .requestMatchers("/settings/webhooks", "/settings/webhooks/**", "/api/v1/webhooks", "/api/v1/webhooks/**").hasAnyRole(STAFF)
                        .requestMatchers("/api/v1/ticket-templates", "/api/v1/ticket-templates/**", "/api/v1/canned-replies",
                                "/api/v1/canned-replies/**").hasAnyRole(STAFF)
                        .requestMatchers("/api/v1/inbound-mail", "/api/v1/inbound-mail/**").hasAnyRole(STAFF)
                        // The script library and standard changes (issue 17): staff read; the services decide who writes.
                        .requestMatchers("/automation/scripts", "/automation/scripts/**", "/automation/standard-changes",
                                "/automation/standard-changes/**", "/api/v1/scripts", "/api/v1/scripts/**", "/api/v1/standard-changes",
                                "/api/v1/standard-changes/**").hasAnyRole(STAFF)
                        // Remediation rules (issue 17): staff read; the service lets service managers and admins write.
                        .requestMatchers("/automation/remediation", "/automation/remediation/**", "/api/v1/remediation-rules",
                                "/api/v1/remediation-rules/**").hasAnyRole(STAFF)
                        // Patching (issue 18): staff only; the services decide who may change policies and approve updates.
                        .requestMatchers("/patches", "/patches/**", "/api/v1/patches", "/api/v1/patches/**").hasAnyRole(STAFF)
                        // Endpoint security checks (issue 19): staff only; the service lets service managers and admins change plans.
                        .requestMatchers("/security", "/security/**", "/api/v1/security", "/api/v1/security/**").hasAnyRole(STAFF)
                        // Backup (issue 19): staff only; the services decide who may change objectives and start restore tests.
                        .requestMatchers("/backup", "/backup/**", "/api/v1/backup", "/api/v1/backup/**").hasAnyRole(STAFF)
                        // Compliance (issue 19): pages for staff; the API also for portal contacts, who read their own client's coverage
                        // (the services scope every read to the viewer's clients and let admins and service managers change).
                        .requestMatchers("/compliance", "/compliance/**").hasAnyRole(STAFF)
                        .requestMatchers("/api/v1/compliance", "/api/v1/compliance/**").hasAnyRole(EVERYONE)
                        .requestMatchers("/api/v1/portal/**").hasRole(Role.CLIENT_USER.name())
                        .requestMatchers("/api/v1/calendars", "/api/v1/calendars/**", "/api/v1/tiers", "/api/v1/tiers/**",
                                "/api/v1/contracts/**", "/api/v1/devices", "/api/v1/devices/**", "/api/v1/device-groups/**", "/api/v1/enrollment-tokens/**", "/api/v1/alerts", "/api/v1/alerts/**",
                                "/api/v1/alert-policies", "/api/v1/alert-policies/**", "/api/v1/maintenance-windows/**", "/api/v1/software").hasAnyRole(STAFF)
                        // The task signer's page and API (issue 17): MSP admins and service managers.
                        .requestMatchers("/automation/signer", "/automation/signer/**", "/api/v1/automation/signer", "/api/v1/automation/signer/**")
                        .hasAnyRole(Role.MSP_ADMIN.name(), Role.SERVICE_MANAGER.name())
                        .requestMatchers("/api/v1/users", "/api/v1/users/**", "/api/v1/audit", "/api/v1/audit/**").hasRole(Role.MSP_ADMIN.name())
                        // Agent releases and their rollout (issue 18): MSP admins only.
                        .requestMatchers("/settings/agent-releases", "/settings/agent-releases/**", "/api/v1/agent-releases", "/api/v1/agent-releases/**")
                        .hasRole(Role.MSP_ADMIN.name())
                        .requestMatchers("/settings/mail", "/settings/mail/**", "/settings/mail-templates", "/settings/mail-templates/**",
                                "/api/v1/mail/**", "/api/v1/mail-templates", "/api/v1/mail-templates/**").hasRole(Role.MSP_ADMIN.name())
                        .anyRequest().denyAll())
                .formLogin(f -> f.loginPage("/login").loginProcessingUrl("/login").usernameParameter("email").passwordParameter("password")
                        .successHandler(successHandler()).failureHandler(failureHandler()).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut").deleteCookies("STEWARD_SESSION")
                        .invalidateHttpSession(true))
                .csrf(c -> c.ignoringRequestMatchers(r -> {
                    String h = r.getHeader("Authorization");
                    return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
                }))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .requestCache(c -> c.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> {
                            if (HttpProblems.isApi(req)) {
                                res.setHeader("WWW-Authenticate", "Bearer");
                                HttpProblems.write(req, res, HttpStatus.UNAUTHORIZED, "Sign in or send an API token (Authorization: Bearer).");
                            } else {
                                res.sendRedirect(req.getContextPath() + "/login");
                            }
                        })
                        .accessDeniedHandler(accessDeniedHandler()))
                .headers(h -> h
                        // Forms may also go to the task signer's signing page (a statement handed over for signing).
                        .addHeaderWriter((request, response) -> {
                            // A response with a policy of its own (an uploaded logo is sandboxed) keeps it.
                            if (!response.containsHeader("Content-Security-Policy")) {
                                response.setHeader("Content-Security-Policy", csp(formTargets));
                            }
                        })
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=()")));
        return http.build();
    }

    /** The policy, with the form targets other modules name (well-formed origins only: a header cannot be split). */
    static String csp(org.springframework.beans.factory.ObjectProvider<io.steward.server.identity.FormTargets> formTargets) {
        StringBuilder targets = new StringBuilder();
        formTargets.forEach(t -> t.origins().stream().filter(o -> o.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?"))
                .forEach(o -> targets.append(' ').append(o)));
        return CSP.replace("form-action 'self'", "form-action 'self'" + targets);
    }

    private static String[] rolesAsAuthorities(String[] roles) {
        String[] out = new String[roles.length];
        for (int i = 0; i < roles.length; i++) {
            out[i] = "ROLE_" + roles[i];
        }
        return out;
    }

    private static String[] withStage(SignInStage stage) {
        String[] roles = rolesAsAuthorities(EVERYONE);
        String[] out = new String[roles.length + 1];
        System.arraycopy(roles, 0, out, 0, roles.length);
        out[roles.length] = stage.authority();
        return out;
    }

    private static AuthenticationSuccessHandler successHandler() {
        return (request, response, authentication) -> response.sendRedirect(request.getContextPath() + landingPage(authentication));
    }

    /** Where a session goes next: the stage it owes, else the staff dashboard or the portal. */
    static String landingPage(Authentication authentication) {
        if (authentication instanceof StewardAuthentication s) {
            if (s.stage() != SignInStage.COMPLETE) {
                return s.stage().page();
            }
            return s.viewer().isStaff() ? "/" : "/portal";
        }
        return "/login";
    }

    private static AuthenticationFailureHandler failureHandler() {
        return (request, response, exception) -> {
            String reason = exception instanceof LockedException ? "blocked" : "failed";
            response.sendRedirect(request.getContextPath() + "/login?" + reason);
        };
    }

    /**
     * A half-signed-in session is sent to the step it owes. A client user is answered 404 for any
     * staff route, so the portal does not even reveal what exists; staff get 403.
     */
    private static AccessDeniedHandler accessDeniedHandler() {
        return (request, response, ex) -> {
            Authentication auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
            if (auth instanceof StewardAuthentication s && s.stage() != SignInStage.COMPLETE) {
                if (HttpProblems.isApi(request)) {
                    HttpProblems.write(request, response, HttpStatus.FORBIDDEN, "Finish signing in first (" + s.stage().page() + ").");
                } else {
                    response.sendRedirect(request.getContextPath() + s.stage().page());
                }
                return;
            }
            boolean clientUser = auth instanceof StewardAuthentication s && s.viewer().role() == Role.CLIENT_USER;
            HttpStatus status = clientUser ? HttpStatus.NOT_FOUND : HttpStatus.FORBIDDEN;
            String detail = clientUser ? "No such page." : "You do not have access to this.";
            if (ex instanceof org.springframework.security.web.csrf.CsrfException) {
                status = HttpStatus.FORBIDDEN;
                detail = "The form expired or was not sent from Steward. Reload the page and try again.";
            }
            if (HttpProblems.isApi(request)) {
                HttpProblems.write(request, response, status, detail);
            } else {
                writePage(request, response, status, detail);
            }
        };
    }

    private static void writePage(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        request.setAttribute("jakarta.servlet.error.message", detail);
        response.sendError(status.value(), detail);
    }
}
