package io.stockroom.cli;

import io.stockroom.demo.ChainSpec;
import io.stockroom.demo.DemoService;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "The main job: generate a realistic demo chain, run the full pipeline for every day, then serve the dashboards on http://localhost:8080.")
class DemoCommand implements Callable<Integer>, ServingCommand {

    private final DemoService demo;
    private final Environment environment;
    private final DemoSummary summary;
    private final SignInNotice signIn;

    @Spec
    CommandSpec spec;

    @Mixin
    ChainOptions chain = new ChainOptions();

    @Option(names = "--no-serve", description = "Stop after the pipeline instead of serving the web app.")
    boolean noServe;

    DemoCommand(DemoService demo, Environment environment, DemoSummary summary, SignInNotice signIn) {
        this.demo = demo;
        this.signIn = signIn;
        this.environment = environment;
        this.summary = summary;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ChainSpec chainSpec = chain.spec();
        DemoService.DemoResult r = demo.run(chainSpec, line -> {
            out.println(line);
            out.flush();
        });
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        summary.print(out, r, noServe ? null : "http://localhost:" + port + "/");
        if (!noServe) {
            signIn.print(out, "http://localhost:" + port);
        }
        return 0;
    }

    @Override
    public boolean keepServing() {
        return !noServe;
    }
}
