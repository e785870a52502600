package io.stockroom;

import io.stockroom.cli.StockroomCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;
import picocli.CommandLine;

/** One JVM application: the CLI, the HTTP server and the scheduler share one Spring context. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class StockroomApplication {

    /** Sub-commands that keep the process alive to serve the web app and API. */
    private static final Set<String> SERVING_COMMANDS = Set.of("serve", "demo");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line; returns its exit code. Serving commands block until the server stops. */
    public static int run(String... commandLine) {
        String[] settings = settingArguments(commandLine);
        String[] args =
                Arrays.stream(commandLine).filter(a -> !isSettingArgument(a)).toArray(String[]::new);
        for (String a : settings) {
            if (!a.contains("=")) {
                System.err.println("stockroom: " + a + " needs its value after '=', e.g. " + a + "=VALUE (a setting"
                        + " on the command line is written --KEY=VALUE: README.md, Configuration).");
                return 2;
            }
        }
        applyGlobalOptions(args);
        if (settings.length == 0) { // a setting on the command line is the application's to read
            Integer quick = io.stockroom.cli.QuickCli.run(
                    args, commandName(args)); // help, read commands: no Spring, no migrations
            if (quick != null) {
                return quick;
            }
        }
        boolean serving = isServing(args);
        SpringApplication app = new SpringApplication(StockroomApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setWebApplicationType(serving ? WebApplicationType.SERVLET : WebApplicationType.NONE);
        List<String> profiles = new ArrayList<>();
        if (!serving) {
            profiles.add("cli");
        }
        if ("demo".equals(commandName(args)) && !asksForHelp(args)) {
            profiles.add(io.stockroom.demo.DemoChainSettings.PROFILE); // the chain's settings go in its data directory
        }
        app.setAdditionalProfiles(profiles.toArray(String[]::new));
        // A failure before logging is set up (a configuration file that does not parse) would otherwise go to the
        // terminal with its trace ahead of the message below; set up logging then decides this logger's level.
        LoggingSystem.get(StockroomApplication.class.getClassLoader())
                .setLogLevel(SpringApplication.class.getName(), LogLevel.OFF);
        org.springframework.core.env.ConfigurableEnvironment[] read = {null}; // for a failure: where a value came from
        app.addListeners(event -> {
            if (event instanceof org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent prepared) {
                read[0] = prepared.getEnvironment();
            }
        });
        ConfigurableApplicationContext context;
        try {
            context = app.run(settings);
        } catch (RuntimeException e) {
            String explained = StartupFailure.explain(e, read[0]);
            System.err.println("stockroom: " + (explained != null ? explained : e.getMessage()));
            if (explained == null) {
                e.printStackTrace(); // not a problem the user can fix: the trace is for a bug report, after the message
            }
            return 2;
        }
        if (!serving) {
            // a server logs these to its console; a command's user reads only the terminal, not the log file
            context.getBean(io.stockroom.pipeline.CrashRecovery.class)
                    .notices()
                    .forEach(n -> System.err.println("stockroom: " + n));
            context.getBean(UnknownSettings.class)
                    .warnings()
                    .forEach(w -> System.err.println("stockroom: warning: " + w));
        }
        CommandLine cli = StockroomCommand.commandLine(context);
        int code = cli.execute(args);
        boolean keepServing = serving && code == 0 && StockroomCommand.keepServing(cli);
        if (keepServing) {
            context.getBean(io.stockroom.cli.ServerAnnouncer.class).announce(); // CLI commands of this data dir find it
            blockUntilClosed(context);
            return 0;
        }
        return SpringApplication.exit(context, () -> code);
    }

    /** The sub-command named on the command line: the first word that is not an option or an option's value. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data-dir") || a.equals("--port") || a.equals("--host")) {
                i++; // its value follows
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    static boolean isServing(String[] args) {
        return SERVING_COMMANDS.contains(String.valueOf(commandName(args)))
                && !asksForHelp(args)
                && Arrays.stream(args).noneMatch(a -> a.equals("--no-serve"));
    }

    private static boolean asksForHelp(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    /**
     * The settings given on the command line ({@code --stockroom.metrics.currency=EUR}): Spring reads them, above every
     * other source; the commands never see them.
     */
    static String[] settingArguments(String[] args) {
        return Arrays.stream(args)
                .filter(StockroomApplication::isSettingArgument)
                .toArray(String[]::new);
    }

    private static boolean isSettingArgument(String arg) {
        return arg.startsWith("--stockroom.") || arg.startsWith("--server.");
    }

    /** Options that must be known before Spring starts (they choose the data directory and port). */
    private static void applyGlobalOptions(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--data-dir=")) {
                System.setProperty("stockroom.data-dir", a.substring("--data-dir=".length()));
            } else if (a.equals("--data-dir") && i + 1 < args.length) {
                System.setProperty("stockroom.data-dir", args[i + 1]);
            } else if (a.startsWith("--port=")) {
                System.setProperty("server.port", a.substring("--port=".length()));
            } else if (a.equals("--port") && i + 1 < args.length) {
                System.setProperty("server.port", args[i + 1]);
            } else if (a.startsWith("--host=")) {
                System.setProperty("server.address", a.substring("--host=".length()));
            } else if (a.equals("--host") && i + 1 < args.length) {
                System.setProperty("server.address", args[i + 1]);
            }
        }
    }

    private static void blockUntilClosed(ConfigurableApplicationContext context) {
        Object lock = new Object();
        context.addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        });
        synchronized (lock) {
            while (context.isActive()) {
                try {
                    lock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
