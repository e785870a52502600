package io.stockroom.cli;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;

@Component
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the web app and the REST API (http://localhost:8080).")
class ServeCommand implements Runnable, ServingCommand {

    private final Environment environment;

    ServeCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        System.out.println("Stockroom is serving on http://localhost:" + port + "/  (API docs: http://localhost:" + port + "/api/docs)");
    }

    @Override
    public boolean keepServing() {
        return true;
    }
}
