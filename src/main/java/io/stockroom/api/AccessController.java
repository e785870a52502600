package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.security.Actor;
import io.stockroom.security.ApiTokens;
import io.stockroom.security.ApiTokens.CreatedToken;
import io.stockroom.security.ApiTokens.TokenInfo;
import io.stockroom.security.AuditTrail;
import io.stockroom.security.CurrentActor;
import io.stockroom.security.CustomerPrivacy;
import io.stockroom.security.OwnPassword;
import io.stockroom.security.Permission;
import io.stockroom.security.Role;
import io.stockroom.security.UserAccounts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Who am I, API tokens, local users and the audit log (issue 9). Who may call what is decided in SecurityConfiguration. */
@RestController
@RequestMapping("/api/v1")
class AccessController {

    private final ApiTokens tokens;
    private final UserAccounts users;
    private final OwnPassword ownPassword;
    private final AuditTrail audit;
    private final CustomerPrivacy privacy;
    private final JsonMapper json;

    AccessController(
            ApiTokens tokens,
            UserAccounts users,
            OwnPassword ownPassword,
            AuditTrail audit,
            CustomerPrivacy privacy,
            JsonMapper json) {
        this.tokens = tokens;
        this.users = users;
        this.ownPassword = ownPassword;
        this.audit = audit;
        this.privacy = privacy;
        this.json = json;
    }

    /** GDPR: everything held about a customer id (orders, quarantined rows, raw files that mention it). */
    @GetMapping("/privacy/customers/{customerId}")
    CustomerPrivacy.CustomerExport exportCustomer(@PathVariable String customerId) {
        return privacy.export(customerId);
    }

    /** GDPR: pseudonymise the customer across orders, quarantine and the raw lake; answers what changed. */
    @PostMapping("/privacy/customers/{customerId}/erase")
    CustomerPrivacy.Erasure eraseCustomer(@PathVariable String customerId) {
        return privacy.erase(customerId);
    }

    /** The signed-in actor: the web app shows only what these permissions allow. {@code stores} null = every store. */
    record Me(
            String name,
            List<String> roles,
            List<String> permissions,
            boolean allStores,
            Set<String> stores,
            Set<String> areas,
            boolean passwordChangeable) {}

    /** {@code POST /api/v1/me/password}: the signed-in account's current password and the new one. */
    record PasswordChange(String currentPassword, String newPassword) {}

    record TokenRequest(String name, List<String> roles, List<String> stores, List<String> areas, Instant expiresAt) {}

    record UserRequest(String name, String password, List<String> roles, List<String> stores, List<String> areas) {}

    /** A change of an account: a field left out (or null) stays as it is; {@code "stores": []} clears the stores. */
    record UserChange(List<String> roles, List<String> stores, List<String> areas, Boolean disabled) {}

    @GetMapping("/me")
    Me me() {
        Actor a = CurrentActor.get();
        return new Me(
                a.name(),
                a.roles().stream().map(Role::id).sorted().toList(),
                a.permissions().stream()
                        // what the server would refuse this account is not offered: a store-limited account's menu
                        // has no Feeds, Runs, Quality or Audit log
                        .filter(p -> a.scope().all() || !p.wholeChainOnly())
                        .map(Permission::name)
                        .map(String::toLowerCase)
                        .sorted()
                        .toList(),
                a.scope().all(),
                a.scope().all() ? null : new TreeSet<>(a.scope().stores()),
                a.scope().all() ? null : new TreeSet<>(a.scope().areas()),
                OwnPassword.signedInLocally());
    }

    /**
     * The signed-in local account changes its own password; this session stays signed in, the account's others end.
     */
    @Answers(value = ErrorCode.FORBIDDEN, when = "Not a local account signed in with its password (an API token, OIDC)")
    @PostMapping("/me/password")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            schema =
                                    @io.swagger.v3.oas.annotations.media.Schema(implementation = PasswordChange.class)))
    java.util.Map<String, String> changeOwnPassword(
            jakarta.servlet.http.HttpServletRequest request, @RequestBody JsonNode json) {
        PasswordChange body = StrictBody.read(this.json, json, PasswordChange.class, "POST /api/v1/me/password");
        ownPassword.change(request, body.currentPassword(), body.newPassword());
        return java.util.Map.of(
                "message",
                "Your password is changed. Your other signed-in browsers are signed out at their next click.");
    }

    @GetMapping("/tokens")
    List<TokenInfo> tokens() {
        return tokens.list();
    }

    /** Creates a token; the answer's {@code token} is the only time the secret is shown. */
    @Answers(value = ErrorCode.CONFLICT, when = "A live token has that name already: revoke it first or pick another")
    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = TokenRequest.class)))
    CreatedToken createToken(@RequestBody JsonNode json) {
        TokenRequest body = StrictBody.read(this.json, json, TokenRequest.class, "POST /api/v1/tokens");
        CreatedToken created = tokens.create(
                body.name(),
                roles(body.roles()),
                UserAccounts.scopeIds("stores", body.stores()),
                UserAccounts.scopeIds("areas", body.areas()),
                body.expiresAt(),
                CurrentActor.get().name());
        audit.record(AuditTrail.Entry.write(
                "create_token", "api_token", created.info().id(), null, created.info(), 1L));
        return created;
    }

    @Answers(value = ErrorCode.CONFLICT, when = "The token was revoked already; nothing changes")
    @DeleteMapping("/tokens/{id}")
    TokenInfo revokeToken(@PathVariable String id) {
        TokenInfo revoked = tokens.revoke(id);
        audit.record(AuditTrail.Entry.write("revoke_token", "api_token", id, null, revoked, 1L));
        return revoked;
    }

    @GetMapping("/users")
    List<UserAccounts.Listed> users() {
        return users.listed();
    }

    @Answers(value = ErrorCode.CONFLICT, when = "A user of that name exists")
    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = UserRequest.class)))
    UserAccounts.Account createUser(@RequestBody JsonNode json) {
        UserRequest body = StrictBody.read(this.json, json, UserRequest.class, "POST /api/v1/users");
        UserAccounts.Account created = users.create(
                body.name(),
                body.password(),
                roles(body.roles()),
                UserAccounts.scopeIds("stores", body.stores()),
                UserAccounts.scopeIds("areas", body.areas()));
        audit.record(AuditTrail.Entry.write("create_user", "user", created.username(), null, created, 1L));
        return created;
    }

    /**
     * Changes an account's roles, stores, areas or whether it is disabled (the password: {@code stockroom users passwd});
     * answers the account as it is now. A session open with it ends on its next request.
     */
    @Answers(
            value = ErrorCode.CONFLICT,
            when = "The change would leave no admin who can manage accounts: make another admin first")
    @PatchMapping("/users/{username}")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = UserChange.class)))
    UserAccounts.Account changeUser(@PathVariable String username, @RequestBody JsonNode json) {
        UserChange body = StrictBody.read(this.json, json, UserChange.class, "PATCH /api/v1/users/{username}");
        UserAccounts.Changed changed = users.change(
                username,
                body.roles() == null ? null : roles(body.roles()),
                body.stores() == null ? null : UserAccounts.scopeIds("stores", body.stores()),
                body.areas() == null ? null : UserAccounts.scopeIds("areas", body.areas()),
                body.disabled());
        audit.record(AuditTrail.Entry.write("change_user", "user", username, changed.before(), changed.after(), 1L));
        return changed.after();
    }

    @Answers(
            value = ErrorCode.CONFLICT,
            when = "It is the last admin who can manage accounts: make another admin first")
    @DeleteMapping("/users/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT) // so /api/docs says 204 too (a ResponseEntity's status it cannot see)
    void removeUser(@PathVariable String username) {
        UserAccounts.Account before = users.find(username).orElse(null);
        users.remove(username);
        audit.record(AuditTrail.Entry.write("remove_user", "user", username, before, null, 1L));
    }

    @GetMapping("/audit")
    List<AuditTrail.Row> audit(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(name = "entity_type", required = false) String entityType,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "200") int limit) {
        return audit.query(query(actor, action, entityType, category, from, to, limit));
    }

    @GetMapping(value = "/audit.csv", produces = "text/csv")
    ResponseEntity<String> auditCsv(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(name = "entity_type", required = false) String entityType,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "10000") int limit) {
        List<AuditTrail.Row> rows = audit.query(query(actor, action, entityType, category, from, to, limit));
        audit.record(new AuditTrail.Entry(
                AuditTrail.Category.EXPORT, "download", "audit_log", null, null, null, (long) rows.size(), "ok"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit_log.csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(AuditTrail.csv(rows));
    }

    /**
     * The audit query of the parameters. A filter that can match nothing because it is mistyped (an unknown category,
     * 'from' after 'to') is refused, not answered with an empty list that reads as "nothing happened".
     */
    private static AuditTrail.Query query(
            String actor, String action, String entityType, String category, String from, String to, int limit) {
        String kind = blank(category);
        List<String> kinds = java.util.Arrays.stream(AuditTrail.Category.values())
                .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                .toList();
        if (kind != null && !kinds.contains(kind.toLowerCase(java.util.Locale.ROOT))) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'category' is '" + kind + "'; it takes one of " + String.join(", ", kinds) + ".");
        }
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (start != null && end != null && start.isAfter(end)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'from' (" + start + ") is after 'to' (" + end + "); swap them.");
        }
        return new AuditTrail.Query(
                blank(actor),
                blank(action),
                blank(entityType),
                kind == null ? null : kind.toLowerCase(java.util.Locale.ROOT),
                start,
                end,
                limit);
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter '" + name + "' must be an ISO date (YYYY-MM-DD), got '" + value + "'.");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Set<Role> roles(List<String> ids) {
        Set<Role> out = new TreeSet<>();
        if (ids != null) {
            ids.forEach(id -> out.add(Role.parse(id)));
        }
        return out;
    }
}
