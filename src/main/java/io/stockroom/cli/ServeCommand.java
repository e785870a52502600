package io.stockroom.cli;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;

@Component
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the web app and the REST API (http://localhost:8080).")
class ServeCommand implements Runnable, ServingCommand {

    private final Environment environment;
    private final SignInNotice signIn;

    ServeCommand(Environment environment, SignInNotice signIn) {
        this.environment = environment;
        this.signIn = signIn;
    }

    @Override
    public void run() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        System.out.println("Stockroom is serving on http://localhost:" + port + "/  (API docs: http://localhost:" + port
                + "/api/docs)");
        signIn.print(new java.io.PrintWriter(System.out, true), "http://localhost:" + port);
    }

    @Override
    public boolean keepServing() {
        return true;
    }
}
