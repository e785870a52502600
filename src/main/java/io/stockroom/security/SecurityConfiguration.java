package io.stockroom.security;

import static io.stockroom.security.Permission.ACT_ON_ALERTS;
import static io.stockroom.security.Permission.ADMINISTER;
import static io.stockroom.security.Permission.APPROVE_ORDERS;
import static io.stockroom.security.Permission.DECIDE_LINES;
import static io.stockroom.security.Permission.EDIT_PLACEMENTS;
import static io.stockroom.security.Permission.EXPORT_ORDERS;
import static io.stockroom.security.Permission.INGEST;
import static io.stockroom.security.Permission.RUN_PIPELINE;
import static io.stockroom.security.Permission.VIEW_DASHBOARDS;
import static io.stockroom.security.Permission.VIEW_OPERATIONS;
import static io.stockroom.security.Permission.VIEW_REPLENISHMENT;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ott.InMemoryOneTimeTokenService;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one access seam of the HTTP server: who may sign in how, which permission each API route needs, CSRF,
 * security headers, CORS, rate limits. The role → permission matrix is {@link Role}; docs/security.md shows both.
 */
@Configuration
@ConditionalOnWebApplication
class SecurityConfiguration {

    /** The controllers' request mappings, to tell a path nobody serves from one only an admin may call. */
    private final ObjectProvider<org.springframework.web.servlet.HandlerMapping> controllers;

    /** The web app's pages (each address forwards to its HTML file), whose views are audited. */
    private final ObjectProvider<org.springframework.web.servlet.HandlerMapping> pages;

    SecurityConfiguration(
            @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
                    ObjectProvider<org.springframework.web.servlet.HandlerMapping> controllers,
            @org.springframework.beans.factory.annotation.Qualifier("viewControllerHandlerMapping")
                    ObjectProvider<org.springframework.web.servlet.HandlerMapping> pages) {
        this.controllers = controllers;
        this.pages = pages;
    }

    /** No inline script anywhere: the pages load their JavaScript from files. */
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder(UserAccounts accounts) {
        return accounts.encoder();
    }

    @Bean
    OneTimeTokenService oneTimeTokenService() {
        return new InMemoryOneTimeTokenService();
    }

    @Bean
    SecurityFilterChain stockroomSecurity(
            HttpSecurity http,
            AccessProperties properties,
            ApiTokens tokens,
            AuditTrail audit,
            UserAccounts accounts,
            ObjectProvider<ClientRegistrationRepository> oidcClients,
            ObjectProvider<JwtDecoder> jwtDecoder,
            OneTimeTokenService oneTimeTokens)
            throws Exception {
        OidcClaims claims = new OidcClaims(properties.oidc());
        RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        http.authorizeHttpRequests(this::routes);
        http.userDetailsService(accounts);
        SignInThrottle throttle = new SignInThrottle(
                properties.rateLimit(),
                System::nanoTime,
                bucket -> audit.record(
                        Actor.named(bucket.startsWith("user:") ? bucket.substring(5) : "unknown"),
                        new AuditTrail.Entry(
                                AuditTrail.Category.SIGN_IN,
                                "sign_in_throttled",
                                "session",
                                bucket,
                                null,
                                null,
                                null,
                                "denied",
                                null,
                                null,
                                "password sign-ins for " + bucket
                                        + " wait: too many wrong passwords in the last hour")));
        SimpleUrlAuthenticationFailureHandler toErrorPage = new SimpleUrlAuthenticationFailureHandler("/login?error");
        http.formLogin(form -> form.loginPage("/login")
                .loginProcessingUrl("/login")
                .defaultSuccessUrl("/", false)
                .failureHandler((request, response, e) -> {
                    throttle.failed(request.getParameter("username"), request.getRemoteAddr());
                    toErrorPage.onAuthenticationFailure(request, response, e);
                })
                .permitAll());
        http.addFilterBefore(throttle, UsernamePasswordAuthenticationFilter.class);
        http.oneTimeTokenLogin(ott -> ott.tokenService(oneTimeTokens)
                .loginPage("/login")
                .showDefaultSubmitPage(false)
                .loginProcessingUrl("/login/ott")
                .tokenGeneratingUrl("/login/ott/generate")
                // links are only ever made by the server itself (demo/serve print one); asking for one over HTTP gets
                // nothing
                .tokenGenerationSuccessHandler((request, response, token) -> response.sendError(404))
                .failureUrl("/login?expired"));
        http.logout(logout -> logout.logoutUrl("/logout")
                .logoutSuccessUrl("/login?signed-out")
                .addLogoutHandler((request, response, auth) -> {
                    if (auth != null) {
                        audit.record(
                                Actor.of(auth),
                                new AuditTrail.Entry(
                                        AuditTrail.Category.SIGN_IN,
                                        "sign_out",
                                        "session",
                                        null,
                                        null,
                                        null,
                                        null,
                                        "ok"));
                    }
                }));
        if (oidcClients.getIfAvailable() != null) {
            OidcUserService delegate = new OidcUserService();
            // authorization code with PKCE for every client, confidential ones included
            var resolver = new DefaultOAuth2AuthorizationRequestResolver(
                    oidcClients.getIfAvailable(), "/oauth2/authorization");
            resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            http.oauth2Login(login -> login.loginPage("/login")
                    .authorizationEndpoint(a -> a.authorizationRequestResolver(resolver))
                    .userInfoEndpoint(u -> u.oidcUserService(request -> {
                        var user = delegate.loadUser(request);
                        List<GrantedAuthority> authorities = claims.authorities(user.getClaims());
                        String nameKey =
                                user.getClaims().containsKey(properties.oidc().usernameClaim())
                                        ? properties.oidc().usernameClaim()
                                        : "sub";
                        return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), nameKey);
                    })));
        }
        if (jwtDecoder.getIfAvailable() != null) {
            DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
            http.oauth2ResourceServer(rs -> rs.bearerTokenResolver(
                            request -> ApiTokenFilter.isApiToken(request) ? null : bearer.resolve(request))
                    .authenticationEntryPoint(SecurityConfiguration::unauthenticated)
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(token -> jwtAuthentication(token, claims))));
        }
        http.addFilterBefore(new ApiTokenFilter(tokens, audit), UsernamePasswordAuthenticationFilter.class);
        // a session lasts only as long as its account: removed, disabled or given other roles or stores, it ends
        http.addFilterBefore(
                new SessionAccountCheck(accounts, audit),
                org.springframework.security.web.authentication.AnonymousAuthenticationFilter.class);
        http.addFilterBefore(
                new RateLimitFilter(properties.rateLimit(), System::nanoTime),
                org.springframework.security.web.access.intercept.AuthorizationFilter.class);
        http.addFilterAfter(
                new AuditedReads(audit, this::page),
                org.springframework.security.web.access.intercept.AuthorizationFilter.class);
        http.exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(SecurityConfiguration::unauthenticated, api)
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                .accessDeniedHandler((request, response, denied) -> {
                    Actor actor = CurrentActor.get();
                    audit.record(actor, AuditedReads.denied(request.getMethod() + " " + AuditedReads.target(request)));
                    String refusal = refusal(request, denied, actor);
                    if (!api.matches(request) && ProblemResponses.wantsPage(request)) {
                        ProblemResponses.writePage(response, 403, "Not for your role", refusal);
                    } else {
                        ProblemResponses.write(response, 403, "FORBIDDEN", "Forbidden", refusal);
                    }
                }));
        // Cookie sessions need CSRF protection. A request with a bearer token is the token's (a wrong one is a 401,
        // never
        // the session's), and an API call without a session has nothing to forge (it gets its 401 instead). Any other
        // Authorization header proves nothing: a browser sends the Basic credentials a proxy asked for with every
        // request, a forged one included.
        // The token lives only in the XSRF-TOKEN cookie and is echoed as a header or form field, never rendered into a
        // response body, so the plain (unmasked) comparison is the right one for both.
        boolean jwtBearers = jwtDecoder.getIfAvailable() != null;
        http.csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                .ignoringRequestMatchers(
                        request -> ApiTokenFilter.isApiToken(request) || (jwtBearers && isBearer(request)),
                        request -> api.matches(request) && request.getRequestedSessionId() == null));
        http.addFilterAfter(new CsrfCookieFilter(), org.springframework.security.web.csrf.CsrfFilter.class);
        http.addFilterBefore(new DirectErrorRequests(), org.springframework.security.web.csrf.CsrfFilter.class);
        http.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                .frameOptions(f -> f.deny())
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        if (properties.corsOrigins().isEmpty()) {
            http.cors(cors -> cors.disable());
        } else {
            CorsConfiguration config = new CorsConfiguration();
            config.setAllowedOrigins(properties.corsOrigins());
            // every method an operation of the API is mapped to (ApiEdgesTest preflights each one in /api/docs):
            // without PUT, a browser client could not change the expected-feeds rules
            config.setAllowedMethods(CORS_METHODS);
            config.setAllowedHeaders(List.of("Authorization", "Content-Type"));
            config.setMaxAge(Duration.ofHours(1));
            UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
            source.registerCorsConfiguration("/api/**", config);
            // where Spring Security puts its own CORS filter, but one that refuses in the API's words
            org.springframework.web.filter.CorsFilter cors = new org.springframework.web.filter.CorsFilter(source);
            cors.setCorsProcessor(new RefusedCrossOrigin());
            http.cors(c -> c.disable());
            http.addFilter(cors);
        }
        return http.build();
    }

    /** The methods a browser page of an allowed origin may call the API with. */
    static final List<String> CORS_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /**
     * A cross-origin request from an origin, with a method or a header the configuration does not allow: a problem
     * detail like every other refusal, instead of Spring's plain "Invalid CORS request".
     */
    private static final class RefusedCrossOrigin extends org.springframework.web.cors.DefaultCorsProcessor {
        @Override
        protected void rejectRequest(org.springframework.http.server.ServerHttpResponse response)
                throws java.io.IOException {
            response.setStatusCode(org.springframework.http.HttpStatus.FORBIDDEN);
            response.getHeaders().set("Content-Type", "application/problem+json");
            response.getBody()
                    .write(ProblemResponses.json(
                                    403,
                                    "FORBIDDEN",
                                    "Forbidden",
                                    "This cross-origin request is refused: its origin is not one of "
                                            + "stockroom.security.cors-origins, or it asks for a method other than "
                                            + String.join(", ", CORS_METHODS)
                                            + " or headers other than Authorization and Content-Type. Ask the "
                                            + "administrator to add the page's origin (docs/security.md).")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            response.flush();
        }
    }

    /** Which permission each route needs. A route not listed here is for admins only until someone decides otherwise. */
    private void routes(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry r) {
        r.requestMatchers(
                        "/login",
                        "/login/**",
                        "/login.html",
                        "/error",
                        "/css/**",
                        "/js/**",
                        "/webjars/**",
                        "/favicon.svg")
                .permitAll();
        r.requestMatchers(GET, "/api/v1/me", "/api/v1/settings").authenticated();
        // any signed-in local account changes its own password (OwnPassword refuses tokens and OIDC accounts)
        r.requestMatchers(POST, "/api/v1/me/password").authenticated();
        // dashboards
        r.requestMatchers(
                        GET,
                        "/api/v1/metrics/**",
                        "/api/v1/inventory/**",
                        "/api/v1/stores",
                        "/api/v1/stores/**",
                        "/api/v1/filters")
                .hasAuthority(VIEW_DASHBOARDS.authority());
        r.requestMatchers(POST, "/api/v1/inventory/alerts/actions").hasAuthority(ACT_ON_ALERTS.authority());
        // online and customer analytics are chain-wide (a customer buys across stores): a store-scoped account is
        // refused here, before the operation reads its parameters (a 400 would tell it which metrics and dates exist)
        r.requestMatchers(GET, "/api/v1/online/**", "/api/v1/analytics/metrics").access(chainWide(VIEW_DASHBOARDS));
        // replenishment workflow; the policy simulator (a what-if before configuring) is for those who decide lines
        r.requestMatchers("/api/v1/replenishment/simulations", "/api/v1/replenishment/simulations/**")
                .hasAuthority(DECIDE_LINES.authority());
        r.requestMatchers(GET, "/api/v1/purchase-orders/download").hasAuthority(EXPORT_ORDERS.authority());
        r.requestMatchers(GET, "/api/v1/replenishment/**", "/api/v1/purchase-orders", "/api/v1/purchase-orders/**")
                .hasAuthority(VIEW_REPLENISHMENT.authority());
        r.requestMatchers(
                        POST,
                        "/api/v1/replenishment/recommendations/*/override",
                        "/api/v1/replenishment/recommendations/*/approve",
                        "/api/v1/replenishment/recommendations/*/reject",
                        "/api/v1/replenishment/recommendations/decide")
                .hasAuthority(DECIDE_LINES.authority());
        // the supplier files hold every store's approved orders (a buyer of some stores downloads theirs instead)
        r.requestMatchers(POST, "/api/v1/purchase-orders/export").access(chainWide(EXPORT_ORDERS));
        r.requestMatchers(POST, "/api/v1/purchase-orders/*/approve", "/api/v1/purchase-orders/*/reject")
                .hasAuthority(APPROVE_ORDERS.authority());
        // planogram: everyone who reads dashboards reads it (store-scoped); merchandisers change placements
        r.requestMatchers(GET, "/api/v1/planogram/**").hasAuthority(VIEW_DASHBOARDS.authority());
        r.requestMatchers(POST, "/api/v1/planogram/placements", "/api/v1/planogram/placements/end")
                .hasAuthority(EDIT_PLACEMENTS.authority());
        // a table or chart the page already shows, as an XLSX file: reads nothing, so any signed-in user
        r.requestMatchers(POST, "/api/v1/exports/xlsx").authenticated();
        // a dashboard page as one PDF: what the page shows, for those who may see dashboards
        r.requestMatchers(POST, "/api/v1/exports/pdf").hasAuthority(VIEW_DASHBOARDS.authority());
        // operations
        r.requestMatchers(
                        GET,
                        "/api/v1/feeds",
                        "/api/v1/feeds/**",
                        "/api/v1/runs",
                        "/api/v1/runs/**",
                        "/api/v1/quality",
                        "/api/v1/quality/**",
                        "/api/v1/quarantine",
                        "/api/v1/quarantine.csv",
                        "/api/v1/datasets",
                        "/api/v1/datasets/**",
                        "/api/v1/expected",
                        "/api/v1/expected/**",
                        "/api/v1/alerts")
                .access(chainWide(VIEW_OPERATIONS));
        // the expected-feeds calendar is the data engineer's to correct
        r.requestMatchers(PUT, "/api/v1/expected/rules").access(chainWide(RUN_PIPELINE));
        r.requestMatchers(DELETE, "/api/v1/expected/rules").access(chainWide(RUN_PIPELINE));
        // a token limited to some stores (a till's) pushes its own stores' rows; the batch refuses any other
        // (ingest.StoreScopedBatch). Uploads and reloads of files stay whole-chain: a file is not one store's.
        r.requestMatchers(POST, "/api/v1/ingest/batch").hasAuthority(INGEST.authority());
        r.requestMatchers(POST, "/api/v1/feeds/**", "/api/v1/ingest/**").access(chainWide(INGEST));
        r.requestMatchers(POST, "/api/v1/runs").access(chainWide(RUN_PIPELINE));
        // administration
        r.requestMatchers(
                        "/api/v1/audit",
                        "/api/v1/audit/**",
                        "/api/v1/audit.csv",
                        "/api/v1/tokens",
                        "/api/v1/tokens/**",
                        "/api/v1/users",
                        "/api/v1/users/**",
                        "/api/v1/privacy/**",
                        "/api/v1/retention",
                        "/api/v1/retention/**",
                        // the admin pages, by their address and by their file (the file shows nothing either way, but
                        // a non-admin gets the same refusal at both)
                        "/audit",
                        "/audit.html",
                        "/accounts",
                        "/accounts.html")
                .access(chainWide(ADMINISTER));
        r.requestMatchers(DELETE, "/api/**").access(chainWide(ADMINISTER));
        r.requestMatchers("/api/docs", "/api/docs/**", "/swagger-ui/**", "/v3/api-docs/**")
                .authenticated();
        r.requestMatchers("/api/**").access(unservedOr(chainWide(ADMINISTER)));
        r.anyRequest().authenticated();
    }

    /**
     * Any signed-in caller past {@code otherwise} for a path no controller serves, so a typo'd path is the 404 that
     * says so (ApiExceptionHandler) and not "your role may not": nothing is there to protect. A path that is served
     * (whatever the method) keeps {@code otherwise}.
     */
    private AuthorizationManager<RequestAuthorizationContext> unservedOr(
            AuthorizationManager<RequestAuthorizationContext> otherwise) {
        return (authentication, context) -> {
            if (CurrentActor.signedIn(authentication.get()) && !served(context.getRequest())) {
                return new AuthorizationDecision(true);
            }
            return otherwise.authorize(authentication, context);
        };
    }

    /**
     * Whether the request's path is a page of the web app: an address a view controller forwards to its HTML file
     * (WebPages), or "/" (index.html). Not a list kept here, so a new page's views are audited without anyone adding it.
     * The sign-in page shows nothing of the chain.
     */
    private boolean page(HttpServletRequest request) {
        String path = request.getRequestURI();
        if ("/".equals(path)) {
            return true;
        }
        return !"/login".equals(path)
                && pages.getIfAvailable()
                        instanceof org.springframework.web.servlet.handler.AbstractUrlHandlerMapping views
                && views.getHandlerMap().containsKey(path);
    }

    private boolean served(HttpServletRequest request) {
        org.springframework.web.servlet.HandlerMapping mapping = controllers.getIfAvailable();
        if (mapping == null) {
            return true;
        }
        try {
            return mapping.getHandler(request) != null;
        } catch (Exception wrongMethodOrType) {
            return true; // the path is served, with another method or content type
        }
    }

    /** Set on a request refused only because the caller's access is limited to some stores. */
    private static final String CHAIN_WIDE_ONLY = SecurityConfiguration.class.getName() + ".chainWideOnly";

    /**
     * The permission, for callers who see the whole chain. Feeds, runs, quality, uploads, the supplier files and
     * administration hold every store's rows (a file or a run is not one store's), so an account limited to some stores
     * or areas is refused them rather than shown or let change other stores' data.
     */
    private static AuthorizationManager<RequestAuthorizationContext> chainWide(Permission permission) {
        return (authentication, context) -> {
            Authentication auth = authentication.get();
            if (!CurrentActor.signedIn(auth)) {
                return new AuthorizationDecision(false);
            }
            Actor actor = Actor.of(auth);
            if (!actor.can(permission)) {
                return new AuthorizationDecision(false);
            }
            if (!actor.scope().all()) {
                context.getRequest().setAttribute(CHAIN_WIDE_ONLY, Boolean.TRUE);
                return new AuthorizationDecision(false);
            }
            return new AuthorizationDecision(true);
        };
    }

    /** An {@code Authorization: Bearer ...} header, which the JWT resource server answers (a 401 when it is wrong). */
    private static boolean isBearer(HttpServletRequest request) {
        String h = request.getHeader("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length());
    }

    /** What a 403 says: the missing CSRF token, the store scope or the role, whichever refused the request. */
    static String refusal(HttpServletRequest request, Exception denied, Actor actor) {
        String what = request.getMethod() + " " + request.getRequestURI();
        if (denied instanceof CsrfException) {
            return what + " came with a session cookie but without its CSRF token: send the XSRF-TOKEN cookie's value "
                    + "in the X-XSRF-TOKEN header (or the _csrf form field), as the web app does; reload the page if it "
                    + "was open for long.";
        }
        if (request.getAttribute(CHAIN_WIDE_ONLY) != null) {
            String limited = actor.scope().describe();
            String path = request.getRequestURI();
            String why = path.startsWith("/api/v1/online/") || path.startsWith("/api/v1/analytics/")
                    ? "online and customer analytics are chain-wide: a customer buys across stores"
                    : "feeds, runs, quality, uploads, the supplier files and administration hold every store's rows";
            return what + " covers the whole chain (" + why + "), and your access is limited to " + limited
                    + ". Ask an admin for an account or API token without stores or areas (docs/security.md)"
                    + (request.getRequestURI().endsWith("/purchase-orders/export")
                            ? "; your stores' approved orders download with GET /api/v1/purchase-orders/download."
                            : ".");
        }
        return "Your role (" + (actor.roleIds().isEmpty() ? "none" : actor.roleIds()) + ") may not " + what
                + ". docs/security.md lists what each role may do; ask an admin for another role.";
    }

    private static AbstractAuthenticationToken jwtAuthentication(Jwt jwt, OidcClaims claims) {
        return new JwtAuthenticationToken(jwt, claims.authorities(jwt.getClaims()), claims.username(jwt.getClaims()));
    }

    private static void unauthenticated(
            HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response,
            org.springframework.security.core.AuthenticationException e)
            throws java.io.IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        ProblemResponses.write(
                response,
                401,
                "UNAUTHENTICATED",
                "Unauthorized",
                "Sign in first: a browser session (/login), a bearer JWT from the configured OIDC provider, or an API token "
                        + "(Authorization: Bearer sr_...).");
    }

    /**
     * {@code /error} is where the container forwards a failed request to have it answered; asked for directly there
     * is no error to tell, and Spring's answer was a 500 saying {@code "status": 999}. It is not a page: 404.
     */
    private static final class DirectErrorRequests extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(
                HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response,
                jakarta.servlet.FilterChain chain)
                throws jakarta.servlet.ServletException, java.io.IOException {
            if (request.getDispatcherType() == jakarta.servlet.DispatcherType.REQUEST
                    && "/error".equals(request.getServletPath())) {
                ProblemResponses.write(response, 404, "NOT_FOUND", "Not Found", "There is nothing at /error.");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** Makes sure the XSRF-TOKEN cookie is sent, so the page's script can echo it in X-XSRF-TOKEN. */
    private static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(
                HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response,
                jakarta.servlet.FilterChain chain)
                throws jakarta.servlet.ServletException, java.io.IOException {
            if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
