package io.stockroom.cli;

import io.stockroom.DataDirSettings;
import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.ingest.FeedStore;
import io.stockroom.ingest.IngestService;
import io.stockroom.quality.Quarantine;
import io.stockroom.quality.Validator;
import io.stockroom.warehouse.Promotion;
import io.stockroom.warehouse.Warehouse;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * What the CLI answers without starting the application (no Spring context, no web server, no schema migration):
 * help and version; the read commands {@code feeds}, {@code feed} and {@code validate}, from the warehouse file opened
 * read-only or, when a server owns it, through that server's API; and, while a server owns the embedded warehouse,
 * every other command's refusal saying what to do instead. Anything else starts the whole application as before.
 */
public final class QuickCli {

    private static final Set<String> READ_COMMANDS = Set.of("feeds", "feed", "runs", "validate");
    private static final Set<String> HELP_FLAGS = Set.of("-h", "--help", "-V", "--version");

    private QuickCli() {}

    /**
     * Runs the command line if it can be answered without the application.
     *
     * @param command the sub-command named on the command line (null when none)
     * @return the exit code, or null when the whole application must start
     */
    public static Integer run(String[] args, String command) {
        if (!listed(command)) {
            return null;
        }
        if (command == null || command.equals("help") || List.of(args).stream().anyMatch(HELP_FLAGS::contains)) {
            return execute(args, Map.of());
        }
        if (READ_COMMANDS.contains(command)) {
            warmUpDuckDb(); // whichever way the command is answered, it reads a DuckDB file or starts the application
        }
        Optional<Path> dataDir = embeddedDataDir();
        if (dataDir.isEmpty()) {
            return null; // a configured warehouse or config file: the application reads its settings
        }
        Map<String, String> own; // the data directory's settings file, which the application reads too
        try {
            own = DataDirSettings.keys(dataDir.get());
        } catch (StockroomException e) {
            System.err.println("stockroom: " + e.getMessage());
            return 2;
        }
        String zone; // the retailer's, from the file (null: UTC)
        try {
            zone = DataDirSettings.zone(own);
        } catch (StockroomException e) {
            return null; // the application reads it, and names a wrong zone's file and line
        }
        if (own.keySet().stream().anyMatch(QuickCli::movesTheWarehouse)) {
            return null; // the application reads them
        }
        Optional<LocalServer> server = LocalServer.find(dataDir.get())
                .filter(LocalServer::ownsEmbeddedFile)
                .filter(LocalServer::answers);
        if (READ_COMMANDS.contains(command)) {
            if (server.isPresent()) {
                Optional<String> token = server.get().token(dataDir.get());
                if (token.isEmpty()) {
                    return refuse(command, args, server.get(), dataDir.get());
                }
                quietLogs();
                ServerApi api = new ServerApi(server.get(), token.get());
                return execute(
                        args,
                        Map.of(
                                FeedsCommand.class,
                                new FeedsCommand(api),
                                FeedCommand.class,
                                new FeedCommand(api),
                                RunsCommand.class,
                                new RunsCommand(api),
                                ValidateCommand.class,
                                new ValidateCommand(api)));
            }
            if (!command.equals("validate") && !Files.isDirectory(dataDir.get())) {
                // a listing in a directory that is not there would create it and an empty warehouse (a mistyped
                // --data-dir included) and list nothing: the commands say where they looked instead
                FeedSource none = FeedSource.none(dataDir.get());
                return execute(
                        args,
                        Map.of(
                                FeedsCommand.class,
                                new FeedsCommand(none),
                                FeedCommand.class,
                                new FeedCommand(none),
                                RunsCommand.class,
                                new RunsCommand(RunSource.none(dataDir.get()))));
            }
            Optional<StockroomProperties> props = defaults(dataDir.get(), own, zone);
            if (command.equals("validate") && props.isEmpty()) {
                return null;
            }
            Optional<Warehouse> readOnly;
            quietLogs();
            // validate reads the data contracts (YAML) on a second thread while this one opens the warehouse (after
            // the logging is set up: Spring's resource loading logs, and two threads setting it up at once make
            // SLF4J print a warning)
            java.util.concurrent.FutureTask<ContractRegistry> contractsRead =
                    new java.util.concurrent.FutureTask<>(() -> new ContractRegistry(props.orElseThrow()));
            if (command.equals("validate")) {
                Thread reader = new Thread(contractsRead, "contracts");
                reader.setDaemon(true);
                reader.start();
            } // the other commands never ask for them (and would read them here if they did)
            try {
                readOnly = Warehouse.openReadOnly(dataDir.get());
            } catch (StockroomException e) {
                System.err.println("stockroom: " + e.getMessage() + " [" + e.code() + "]");
                return 2;
            }
            if (readOnly.isEmpty()) {
                return null; // no warehouse yet, or one this build must migrate first
            }
            try (Warehouse w = readOnly.get()) {
                FeedStore feeds = new FeedStore(w);
                ValidateCommand.Validation validation = (file, request) -> {
                    ContractRegistry contracts = contracts(contractsRead);
                    return new IngestService(
                                    w,
                                    contracts,
                                    new Validator(contracts, props.orElseThrow()),
                                    new Quarantine(),
                                    new Promotion(contracts),
                                    feeds,
                                    props.orElseThrow())
                            .validate(file, request);
                };
                return execute(
                        args,
                        Map.of(
                                FeedsCommand.class,
                                new FeedsCommand(FeedSource.of(feeds, true)),
                                FeedCommand.class,
                                new FeedCommand(FeedSource.of(feeds, true)),
                                RunsCommand.class,
                                new RunsCommand(RunSource.of(new io.stockroom.pipeline.RunStore(w))),
                                ValidateCommand.class,
                                new ValidateCommand(validation)));
            }
        }
        if (server.isPresent()) {
            return refuse(command, args, server.get(), dataDir.get());
        }
        return null;
    }

    /**
     * The data directory when the warehouse is the embedded default and nothing but {@code --data-dir},
     * {@code STOCKROOM_DATA_DIR} or {@code -Dstockroom.data-dir} can change it; empty when configuration (a config
     * file, a warehouse URL or engine, a Spring profile) may, which only the application reads faithfully.
     */
    static Optional<Path> embeddedDataDir() {
        for (String env : List.of(
                "STOCKROOM_WAREHOUSE_URL",
                "STOCKROOM_WAREHOUSE_ENGINE",
                "SPRING_CONFIG_LOCATION",
                "SPRING_CONFIG_ADDITIONAL_LOCATION",
                "SPRING_CONFIG_IMPORT",
                "SPRING_APPLICATION_JSON",
                "SPRING_PROFILES_ACTIVE",
                "STOCKROOM_CONTRACTS_DIR")) {
            if (System.getenv(env) != null) {
                return Optional.empty();
            }
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("spring.config.")
                    || key.equals("spring.profiles.active")
                    || key.startsWith("stockroom.warehouse.url")
                    || key.startsWith("stockroom.warehouse.engine")
                    || key.equals("stockroom.contracts-dir")) {
                return Optional.empty();
            }
        }
        if (Files.exists(Path.of("config"))) {
            return Optional.empty();
        }
        for (String f : List.of("application.yaml", "application.yml", "application.properties")) {
            if (Files.exists(Path.of(f))) {
                return Optional.empty();
            }
        }
        String dir = System.getProperty(
                "stockroom.data-dir", System.getenv().getOrDefault("STOCKROOM_DATA_DIR", "./stockroom-data"));
        return Optional.of(Path.of(dir).toAbsolutePath().normalize());
    }

    /**
     * The settings {@code validate} needs, when nothing overrides their defaults (application.yaml's): a quality or
     * ingest setting from the environment or a system property is left to the application to bind.
     */
    private static Optional<StockroomProperties> defaults(Path dataDir, Map<String, String> own, String zone) {
        // the quick path knows the defaults only, and the retailer's time zone (the business day of a time written in
        // UTC) from the data directory's settings: another setting of the checks, or the zone from elsewhere, starts
        // the application, which reads it
        boolean overridden = own.keySet().stream()
                        .anyMatch(k -> k.startsWith("stockroom.quality") || k.startsWith("stockroom.ingest"))
                || System.getenv().keySet().stream()
                        .anyMatch(k -> k.startsWith("STOCKROOM_QUALITY")
                                || k.startsWith("STOCKROOM_INGEST")
                                || k.startsWith("STOCKROOM_TIMEZONE")
                                || k.startsWith("STOCKROOM_METRICS"))
                || System.getProperties().stringPropertyNames().stream()
                        .anyMatch(k -> k.startsWith("stockroom.quality")
                                || k.startsWith("stockroom.ingest")
                                || k.startsWith("stockroom.timezone")
                                || k.startsWith("stockroom.metrics"));
        if (overridden) {
            return Optional.empty();
        }
        return Optional.of(new StockroomProperties(
                dataDir,
                null,
                null,
                new StockroomProperties.Warehouse("duckdb", "4GB", 0),
                new StockroomProperties.Quality(0.05, "2000-01-01", 1, null),
                zone == null ? "UTC" : zone,
                java.time.Duration.ofMillis(500)));
    }

    /** A setting that puts the warehouse, or the contracts that read into it, somewhere only the application knows. */
    private static boolean movesTheWarehouse(String key) {
        return key.startsWith("stockroom.warehouse.url")
                || key.startsWith("stockroom.warehouse.engine")
                || key.equals("stockroom.contracts-dir");
    }

    private static java.time.ZoneId zoneOf(LocalServer server) {
        try {
            return java.time.ZoneId.of(server.zone());
        } catch (java.time.DateTimeException e) {
            return java.time.ZoneOffset.UTC; // a server.properties written by hand: the hint's date is only a hint
        }
    }

    /** While a server owns the embedded file, a command that would open it says where to send the work instead. */
    static int refuse(String command, String[] args, LocalServer server, Path dataDir) {
        String bearer = "-H \"Authorization: Bearer $(cat " + dataDir.resolve(LocalServer.TOKEN_FILE) + ")\"";
        // the request that does what the command line asked: its date (run's default, yesterday on the retailer's
        // clock, which the server recorded), a replay as one
        String date = option(args, "--date")
                .orElse(
                        command.equals("run")
                                ? LocalDate.now(zoneOf(server)).minusDays(1).toString()
                                : option(args, "--from").orElse("YYYY-MM-DD"));
        String body = "{\"date\":\"" + date + "\"" + (command.equals("replay") ? ",\"replay\":true" : "") + "}";
        String runs = " -H 'Content-Type: application/json' -d '" + body + "' " + server.url() + "/api/v1/runs";
        String how = switch (command) {
            case "backfill" ->
                "start a run for each date from " + option(args, "--from").orElse("A") + " to "
                        + option(args, "--to").orElse("B") + " through its API, one after the other; the first:\n"
                        + "    curl -X POST " + bearer + runs;
            case "run", "replay", "replenish" -> "start the run through its API:\n    curl -X POST " + bearer + runs;
            case "ingest" ->
                "upload the file on its Feeds page (" + server.url()
                        + "/), or put it in the drop folder (<drop-dir>/YYYY-MM-DD/) and start"
                        + " that date's run through its API:\n    curl -X POST " + bearer
                        + " -H 'Content-Type: application/json' -d '{\"date\":\"YYYY-MM-DD\"}' "
                        + server.url() + "/api/v1/runs";
            case "retention" ->
                "ask it: GET " + server.url() + "/api/v1/retention is the dry run, POST " + server.url()
                        + "/api/v1/retention/apply applies it (admin):\n    curl " + bearer + " " + server.url()
                        + "/api/v1/retention";
            case "serve", "demo" -> "open " + server.url() + "/ (it is already serving this data directory)";
            default -> "use its web app or API (" + server.url() + "/api/docs)";
        };
        System.err.println(
                "stockroom: the server at " + server.url() + " (pid " + server.pid() + ") owns " + server.warehouse()
                        + ": the embedded warehouse has one owner at a time, so '" + command
                        + "' cannot open it. Stop the server (Ctrl-C in its terminal, or kill "
                        + server.pid() + ") and run the command again, or " + how + " [WAREHOUSE_LOCKED]");
        return 2;
    }

    /** The value of {@code name} on the command line ({@code --date D} or {@code --date=D}). */
    private static Optional<String> option(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith(name + "=")) {
                return Optional.of(args[i].substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the command tree without Spring. With no {@code wired} commands (help) every command is built, only to
     * print its help; otherwise the tree holds the wired ones alone: building the other commands' models loads their
     * services' classes, a quarter of a second of a read command that answers in under one.
     */
    private static int execute(String[] args, Map<Class<?>, Object> wired) {
        CommandLine cli = new CommandLine(new StockroomCommand(), new QuickFactory(wired));
        for (Class<?> type : COMMANDS) {
            if (wired.isEmpty() || wired.containsKey(type)) {
                cli.addSubcommand(type.getAnnotation(Command.class).name(), type);
            }
        }
        return StockroomCommand.configured(cli).execute(args);
    }

    /**
     * The sub-command classes: the {@code @Command} components the application registers, listed here because finding
     * them by a classpath scan costs more than the whole answer may take ({@code QuickCliTest} checks the list
     * against the scan). A command missing from the list still works: it starts the application.
     */
    static final List<Class<?>> COMMANDS = List.of(
            BackfillCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            ExpectedCommand.class,
            FeedCommand.class,
            FeedsCommand.class,
            GenerateCommand.class,
            IngestCommand.class,
            LakeCommand.class,
            ModelsCommand.class,
            OrdersCommand.class,
            ReplayCommand.class,
            ReplenishCommand.class,
            RetentionCommand.class,
            RunCommand.class,
            RunsCommand.class,
            ServeCommand.class,
            SimulateCommand.class,
            TokensCommand.class,
            UsersCommand.class,
            ValidateCommand.class);

    /**
     * The names of {@link #COMMANDS}, spelled out: reading twenty classes' annotations to find them costs a read
     * command a tenth of its time ({@code QuickCliTest} checks the two lists agree).
     */
    static final Set<String> NAMES = Set.of(
            "backfill",
            "bench",
            "demo",
            "expected",
            "feed",
            "feeds",
            "generate",
            "ingest",
            "lake",
            "models",
            "orders",
            "replay",
            "replenish",
            "retention",
            "run",
            "runs",
            "serve",
            "simulate",
            "tokens",
            "users",
            "validate");

    private static boolean listed(String command) {
        return command == null || command.equals("help") || NAMES.contains(command);
    }

    /**
     * Loads DuckDB's driver and native library on a second thread while this one looks for a server and reads the
     * command line: the driver's class initialisation registers a Flight Recorder event (starting JFR's metadata)
     * and the library is 72 MB to map, together a third of a read command's wall time when done in turn; the other
     * JDBC drivers and the feeds' JSON mapper come next. A failure here is left for the opening of the file to
     * report.
     */
    private static void warmUpDuckDb() {
        Thread warmUp = new Thread(new WarmUp(), "duckdb-warm-up"); // a class, not a lambda: a program's first lambda
        warmUp.setDaemon(true); // costs tens of milliseconds, which this thread need not wait for
        warmUp.start();
    }

    private static final class WarmUp implements Runnable {
        @Override
        public void run() {
            io.stockroom.warehouse.Drivers.load();
            try {
                Class.forName(FeedStore.class.getName()); // its JSON mapper
            } catch (ClassNotFoundException | LinkageError e) {
                // the listing reports it
            }
        }
    }

    /**
     * The contracts read on the other thread (or here, when no thread was started for them); their reading's failure
     * as if read on this one.
     */
    private static ContractRegistry contracts(java.util.concurrent.FutureTask<ContractRegistry> read) {
        read.run(); // does nothing when the other thread has started it: get() then waits for it
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the data contracts", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Silences the logging library's default (console, debug) set-up: the CLI's messages are its output. */
    private static void quietLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    private record QuickFactory(Map<Class<?>, Object> wired) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Object given = wired.get(type);
            if (given != null) {
                return type.cast(given);
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (c.getParameterCount() == 0) {
                    return CommandLine.defaultFactory().create(type);
                }
            }
            if (type.isInterface() || !type.isAnnotationPresent(Command.class)) {
                return CommandLine.defaultFactory().create(type);
            }
            // a command whose constructor takes services: an instance that can only print its help (never executed
            // here)
            Constructor<?> c = type.getDeclaredConstructors()[0];
            c.setAccessible(true);
            Object[] none = new Object[c.getParameterCount()];
            Class<?>[] params = c.getParameterTypes();
            Map<Class<?>, Object> zeros =
                    new HashMap<>(Map.of(int.class, 0, long.class, 0L, boolean.class, false, double.class, 0.0));
            for (int i = 0; i < params.length; i++) {
                none[i] = zeros.get(params[i]);
            }
            return type.cast(c.newInstance(none));
        }
    }
}
