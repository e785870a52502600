package io.stockroom.cli;

import io.stockroom.security.AuditTrail;
import io.stockroom.security.Role;
import io.stockroom.security.UserAccounts;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Component
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = "Local accounts: add, list, change, passwd, remove (roles and scopes: docs/security.md).")
class UsersCommand implements Runnable {

    private final UserAccounts accounts;
    private final AuditTrail audit;

    UsersCommand(UserAccounts accounts, AuditTrail audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    @Override
    public void run() {
        list();
    }

    @Command(name = "add", description = "Add a user; without --password a random one is printed once.")
    void add(
            @Parameters(paramLabel = "NAME") String name,
            @Option(
                            names = "--role",
                            required = true,
                            split = ",",
                            description = "Role ids, e.g. buyer or store_gm (repeat or comma-separate).")
                    List<String> roles,
            @Option(names = "--store", split = ",", description = "Store ids the user sees (store GMs).")
                    List<String> stores,
            @Option(names = "--area", split = ",", description = "Areas the user sees (area managers).")
                    List<String> areas,
            @Option(names = "--password", interactive = true, arity = "0..1", description = "Prompt for the password.")
                    String password) {
        boolean generated = password == null || password.isBlank();
        String pw = generated ? random() : password;
        Set<Role> r = new TreeSet<>();
        roles.forEach(id -> r.add(Role.parse(id)));
        var a = accounts.create(
                name, pw, r, UserAccounts.scopeIds("--store", stores), UserAccounts.scopeIds("--area", areas));
        // the same rows as the API's user changes: a terminal is no way around the audit log
        audit.record(AuditTrail.Entry.write("create_user", "user", a.username(), null, a, 1L));
        System.out.println("Added user " + a.username() + " with roles " + a.roles()
                + (a.stores().isEmpty() ? "" : ", stores " + a.stores())
                + (a.areas().isEmpty() ? "" : ", areas " + a.areas())
                + (generated ? "; password (shown only now): " + pw : "."));
    }

    @Command(name = "list", description = "List the local users.")
    void list() {
        for (var a : accounts.listed()) {
            System.out.printf(
                    "%-24s %-30s stores=%s areas=%s last sign-in=%s%s%n",
                    a.username(),
                    a.roles(),
                    a.stores().isEmpty() ? "-" : a.stores(),
                    a.areas().isEmpty() ? "-" : a.areas(),
                    a.lastSignInAt() == null ? "never" : a.lastSignInAt(),
                    a.disabled() ? " (disabled)" : "");
        }
    }

    @Command(name = "passwd", description = "Set a user's password; without --password a random one is printed once.")
    void passwd(
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--password", interactive = true, arity = "0..1", description = "Prompt for the password.")
                    String password) {
        boolean generated = password == null || password.isBlank();
        String pw = generated ? random() : password;
        accounts.setPassword(name, pw);
        audit.record(AuditTrail.Entry.write("set_password", "user", name, null, null, 1L));
        System.out.println(
                "Password of " + name + " changed" + (generated ? "; new password (shown only now): " + pw : "."));
    }

    @Command(
            name = "change",
            description = "Change a user's roles, stores or areas, or disable or enable it; what is not given stays. "
                    + "The user's open sessions end.")
    void change(
            @Parameters(paramLabel = "NAME") String name,
            @Option(
                            names = "--role",
                            split = ",",
                            description = "Role ids; replace the user's roles (repeat or comma-separate).")
                    List<String> roles,
            @Option(names = "--store", split = ",", description = "Store ids; replace the user's stores.")
                    List<String> stores,
            @Option(names = "--no-stores", description = "Take every store away (the user's areas still apply).")
                    boolean noStores,
            @Option(names = "--area", split = ",", description = "Areas; replace the user's areas.") List<String> areas,
            @Option(names = "--no-areas", description = "Take every area away.") boolean noAreas,
            @Option(names = "--disable", description = "The user can no longer sign in.") boolean disable,
            @Option(names = "--enable", description = "The user can sign in again.") boolean enable) {
        refuseBoth("--store", stores != null, "--no-stores", noStores);
        refuseBoth("--area", areas != null, "--no-areas", noAreas);
        refuseBoth("--disable", disable, "--enable", enable);
        Set<Role> r = null;
        if (roles != null) {
            r = new TreeSet<>();
            for (String id : roles) {
                r.add(Role.parse(id));
            }
        }
        var changed = accounts.change(
                name,
                r,
                noStores ? Set.of() : stores == null ? null : UserAccounts.scopeIds("--store", stores),
                noAreas ? Set.of() : areas == null ? null : UserAccounts.scopeIds("--area", areas),
                disable ? Boolean.TRUE : enable ? Boolean.FALSE : null);
        audit.record(AuditTrail.Entry.write("change_user", "user", name, changed.before(), changed.after(), 1L));
        var a = changed.after();
        System.out.println("Changed user " + a.username() + ": roles " + a.roles() + ", stores "
                + (a.stores().isEmpty() ? "-" : a.stores()) + ", areas "
                + (a.areas().isEmpty() ? "-" : a.areas())
                + (a.disabled() ? ", disabled" : ", enabled") + ".");
    }

    private static void refuseBoth(String one, boolean givenOne, String other, boolean givenOther) {
        if (givenOne && givenOther) {
            throw new io.stockroom.StockroomException(
                    io.stockroom.ErrorCode.BAD_PARAMETER, "Give " + one + " or " + other + ", not both.");
        }
    }

    @Command(name = "remove", description = "Remove a user.")
    void remove(@Parameters(paramLabel = "NAME") String name) {
        UserAccounts.Account before = accounts.find(name).orElse(null);
        accounts.remove(name);
        audit.record(AuditTrail.Entry.write("remove_user", "user", name, before, null, 1L));
        System.out.println("Removed user " + name + ".");
    }

    private static String random() {
        byte[] b = new byte[15];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
