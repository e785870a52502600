package io.stockroom.security;

import static io.stockroom.security.Permission.ACT_ON_ALERTS;
import static io.stockroom.security.Permission.APPROVE_ORDERS;
import static io.stockroom.security.Permission.APPROVE_ORDERS_ANY_VALUE;
import static io.stockroom.security.Permission.DECIDE_LINES;
import static io.stockroom.security.Permission.EDIT_PLACEMENTS;
import static io.stockroom.security.Permission.EXPORT_ORDERS;
import static io.stockroom.security.Permission.INGEST;
import static io.stockroom.security.Permission.RUN_PIPELINE;
import static io.stockroom.security.Permission.VIEW_DASHBOARDS;
import static io.stockroom.security.Permission.VIEW_OPERATIONS;
import static io.stockroom.security.Permission.VIEW_REPLENISHMENT;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The roles of the chain's people and machines, and what each may do (the matrix in docs/security.md). */
public enum Role {
    ADMIN(EnumSet.allOf(Permission.class)),
    DATA_ENGINEER(EnumSet.of(VIEW_DASHBOARDS, VIEW_REPLENISHMENT, VIEW_OPERATIONS, INGEST, RUN_PIPELINE)),
    HEAD_BUYER(EnumSet.of(
            VIEW_DASHBOARDS,
            VIEW_REPLENISHMENT,
            ACT_ON_ALERTS,
            DECIDE_LINES,
            APPROVE_ORDERS,
            APPROVE_ORDERS_ANY_VALUE,
            EXPORT_ORDERS)),
    BUYER(EnumSet.of(VIEW_DASHBOARDS, VIEW_REPLENISHMENT, ACT_ON_ALERTS, DECIDE_LINES, APPROVE_ORDERS, EXPORT_ORDERS)),
    AREA_MANAGER(EnumSet.of(VIEW_DASHBOARDS, VIEW_REPLENISHMENT, ACT_ON_ALERTS)),
    STORE_GM(EnumSet.of(VIEW_DASHBOARDS, VIEW_REPLENISHMENT, ACT_ON_ALERTS)),
    MERCHANDISER(EnumSet.of(VIEW_DASHBOARDS, EDIT_PLACEMENTS)),
    EXECUTIVE(EnumSet.of(VIEW_DASHBOARDS)),
    READ_ONLY(EnumSet.of(VIEW_DASHBOARDS, VIEW_REPLENISHMENT, VIEW_OPERATIONS)),
    SERVICE(EnumSet.of(VIEW_OPERATIONS, INGEST));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /**
     * The lower-case id used in configuration, tokens and the API: head_buyer, store_gm, ... It is how a role is
     * written in every API answer (GET /me, /users, /tokens alike), as it is read.
     */
    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /** Parses a role id (head_buyer, head-buyer, HEAD_BUYER); the error lists the valid ones. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Role parse(String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Role r : values()) {
            if (r.name().equals(v)) {
                return r;
            }
        }
        throw new StockroomException(
                ErrorCode.BAD_PARAMETER,
                "Unknown role '" + value + "'; use one of "
                        + Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", ")) + ".");
    }

    /** Parses a comma-separated list of role ids. */
    public static Set<Role> parseList(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(csv.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Role::parse)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }
}
