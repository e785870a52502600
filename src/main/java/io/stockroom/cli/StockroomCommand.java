package io.stockroom.cli;

import io.stockroom.StockroomException;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `stockroom` command. Sub-commands are Spring beans annotated with @Command and listed here. */
@Component
@Command(
        name = "stockroom",
        mixinStandardHelpOptions = true,
        version = "Stockroom 0.1.0",
        description = "Retail feeds in; a trustworthy warehouse, dashboards and explained reorders out.",
        subcommands = {CommandLine.HelpCommand.class})
public class StockroomCommand implements Runnable {

    @Option(
            names = "--data-dir",
            description =
                    "Data directory (warehouse, raw lake, exports). Default ./stockroom-data or $STOCKROOM_DATA_DIR.",
            scope = CommandLine.ScopeType.INHERIT)
    String dataDir;

    @Option(
            names = "--port",
            description = "HTTP port for serve/demo (default 8080).",
            scope = CommandLine.ScopeType.INHERIT)
    Integer port;

    @Option(
            names = "--host",
            description =
                    "Address to listen on for serve/demo (default 127.0.0.1; 0.0.0.0 exposes it: see docs/security.md).",
            scope = CommandLine.ScopeType.INHERIT)
    String host;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                new CommandLine(this),
                "Name a command, e.g. 'stockroom demo' or 'stockroom ingest <file>'. See 'stockroom --help'.");
    }

    /** Builds the command line from the sub-command beans in the context. */
    public static CommandLine commandLine(ApplicationContext context) {
        CommandLine cli = new CommandLine(context.getBean(StockroomCommand.class), new SpringFactory(context));
        List<Object> subs = context.getBeansWithAnnotation(Command.class).values().stream()
                .filter(b -> !(b instanceof StockroomCommand))
                .sorted((a, b) -> name(a).compareTo(name(b)))
                .toList();
        for (Object sub : subs) {
            cli.addSubcommand(name(sub), sub);
        }
        return configured(cli);
    }

    /**
     * What every command line shares, once its sub-commands are added: a Stockroom error is one line and exit code 2
     * (3 when the warehouse's database or Trino did not answer),
     * and a date option that is not a date says how to write one (picocli's own message names Java's parser and
     * class).
     */
    static CommandLine configured(CommandLine cli) {
        cli.registerConverter(java.time.LocalDate.class, text -> {
            try {
                return java.time.LocalDate.parse(text.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + text + "' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01");
            }
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            StockroomException se = StockroomException.find(ex);
            if (se != null) {
                commandLine.getErr().println("stockroom: " + forTheOperator(se) + " [" + se.code() + "]");
                return exitCode(se.code());
            }
            throw ex;
        });
        return cli;
    }

    /**
     * A command's user runs Stockroom where it is deployed: Trino not answering is said with the address and the
     * bound (the cause's words), which a page's reader is not told.
     */
    private static String forTheOperator(StockroomException se) {
        if (se.code() == io.stockroom.ErrorCode.LAKE_UNAVAILABLE && se.getCause() != null) {
            return "Trino does not answer: " + se.getCause().getMessage()
                    + ". Nothing that needs Trino was done; run the command again once it answers (docs/scale.md).";
        }
        return se.getMessage();
    }

    /** Exit code for a stockroom error that ended a command. */
    static final int EXIT_INVALID = 2;

    /**
     * Exit code when the warehouse's database or Trino did not answer (a restart, a failover, a network cut): run again
     * later.
     */
    static final int EXIT_UNREACHABLE = 3;

    /**
     * 3 when the warehouse's database or the lake's Trino went away or did not answer (the same command works once it
     * is back; a script may retry), 2 for anything else a stockroom error reports (bad input or configuration: the
     * message says what to fix).
     */
    static int exitCode(io.stockroom.ErrorCode code) {
        return code == io.stockroom.ErrorCode.WAREHOUSE_UNREACHABLE || code == io.stockroom.ErrorCode.LAKE_UNAVAILABLE
                ? EXIT_UNREACHABLE
                : EXIT_INVALID;
    }

    /** True when the executed sub-command wants the HTTP server to keep running. */
    public static boolean keepServing(CommandLine cli) {
        CommandLine.ParseResult pr = cli.getParseResult();
        while (pr != null && pr.hasSubcommand()) {
            pr = pr.subcommand();
        }
        return pr != null && pr.commandSpec().userObject() instanceof ServingCommand s && s.keepServing();
    }

    private static String name(Object bean) {
        return org.springframework.aop.support.AopUtils.getTargetClass(bean)
                .getAnnotation(Command.class)
                .name();
    }

    private record SpringFactory(ApplicationContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return context.getBean(cls);
            } catch (org.springframework.beans.BeansException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
